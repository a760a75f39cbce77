package io.ocelot.plugin.crypto;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A key in a file ({@code <dir>/ocelot/secret.key}, owner-only), created at first use. Creation is atomic
 * (CREATE_NEW), so two cluster nodes starting together end up with the same key.
 */
public class FileSecretKeySource implements SecretKeySource {
    private final Path file;
    private volatile byte[] key;

    public FileSecretKeySource(Path directory) {
        this.file = directory.resolve("ocelot").resolve("secret.key");
    }

    @Override
    public byte[] key() {
        byte[] k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = loadOrCreate();
                }
                k = key;
            }
        }
        return k.clone();
    }

    private byte[] loadOrCreate() {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = Files.createTempFile(file.getParent(), "secret", ".tmp");
                try {
                    setOwnerOnly(tmp);
                    Files.write(tmp, fresh, StandardOpenOption.TRUNCATE_EXISTING);
                    Files.createLink(file, tmp); // atomic; fails if another node created it first
                } catch (FileAlreadyExistsException raced) {
                    // keep theirs
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] k = Files.readAllBytes(file);
            if (k.length != 32) {
                throw new IllegalStateException("Ocelot's secret key " + file + " is damaged: " + k.length
                        + " bytes instead of 32");
            }
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create Ocelot's secret key " + file, e);
        }
    }

    private static void setOwnerOnly(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the home directory's ACLs apply
        }
    }
}
