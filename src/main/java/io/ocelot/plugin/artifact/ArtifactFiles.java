package io.ocelot.plugin.artifact;

import javax.inject.Inject;
import javax.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The artifact files under {@link ArtifactRoot}: an upload is streamed to {@code incoming/<upload>.part} (counted and
 * hashed on the way, never held in memory), then moved to {@code <buildId>/<upload>}. The file is named after the
 * upload, not after the artifact's path: the database row of the artifact names its file, so replacing an artifact
 * writes a new file and never changes one a download may be reading, a stale upload that loses its lease never
 * overwrites anything, and a path from a werker is never part of a file name. The store deletes the file a row no
 * longer names.
 */
@Named
public class ArtifactFiles {
    static final String INCOMING = "incoming";
    private static final Pattern STORED_NAME = Pattern.compile("\\d{1,19}/[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ArtifactRoot root;

    @Inject
    public ArtifactFiles(ArtifactRoot root) {
        this.root = root;
    }

    /** A complete upload in the incoming folder: its size and SHA-256 (lower-case hex). */
    public record Staged(Path file, long bytes, String sha256) {
    }

    /** Reading the request body failed (the werker went away mid-upload): its fault, not the disk's. */
    public static final class BodyFailed extends IOException {
        BodyFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The body was longer than {@code limit}: nothing is kept. */
    public static final class TooLarge extends Exception {
        public TooLarge() {
            super(null, null, false, false);
        }
    }

    /**
     * Streams {@code body} to a temporary file, stopping as soon as it passes {@code limit} bytes ({@link TooLarge};
     * the partial file is deleted). An I/O error reading the body ({@link BodyFailed}) or writing the file leaves
     * nothing either.
     */
    public Staged stage(InputStream body, long limit) throws TooLarge, IOException {
        Path incoming = Files.createDirectories(root.artifactRoot().resolve(INCOMING));
        Path part = incoming.resolve(newName() + ".part");
        boolean kept = false;
        try (OutputStream out = Files.newOutputStream(part)) {
            MessageDigest sha = sha256();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = read(body, buf)) > 0) {
                total += n;
                if (total > limit) {
                    throw new TooLarge();
                }
                sha.update(buf, 0, n);
                out.write(buf, 0, n);
            }
            kept = true;
            return new Staged(part, total, HexFormat.of().formatHex(sha.digest()));
        } finally {
            if (!kept) {
                Files.deleteIfExists(part);
            }
        }
    }

    private static int read(InputStream body, byte[] buf) throws BodyFailed {
        try {
            return body.read(buf);
        } catch (IOException e) {
            throw new BodyFailed(e);
        }
    }

    /** Moves a staged upload into the build's folder; returns the stored name the artifact's row keeps. */
    public String place(Staged staged, long buildId) throws IOException {
        String name = buildId + "/" + staged.file().getFileName().toString().replace(".part", "");
        Path target = resolve(name);
        Files.createDirectories(target.getParent());
        try {
            Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(staged.file(), target);
        }
        return name;
    }

    /** Deletes a staged upload that will not be kept. */
    public void discard(Staged staged) {
        deleteQuietly(staged.file());
    }

    /** The stored file's bytes; {@link NoSuchFileException} when it is gone (pruned, or replaced meanwhile). */
    public InputStream open(String storedName) throws IOException {
        return Files.newInputStream(resolve(storedName));
    }

    /** Deletes a stored file (its row is gone or expired); a missing file is fine. */
    public void delete(String storedName) {
        deleteQuietly(resolve(storedName));
    }

    /** Deletes uploads left in the incoming folder by a node that stopped mid-upload, older than {@code cutoff}. */
    public int sweepIncoming(long cutoffMillis) {
        Path incoming = root.artifactRoot().resolve(INCOMING);
        if (!Files.isDirectory(incoming)) {
            return 0;
        }
        int swept = 0;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(incoming, "*.part")) {
            for (Path p : parts) {
                FileTime modified = Files.getLastModifiedTime(p);
                if (modified.toMillis() < cutoffMillis && Files.deleteIfExists(p)) {
                    swept++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return swept;
    }

    private Path resolve(String storedName) {
        // the names come from this class by way of the database; anything else is refused, never resolved
        if (storedName == null || !STORED_NAME.matcher(storedName).matches()) {
            throw new IllegalArgumentException("not a stored artifact name: " + storedName);
        }
        return root.artifactRoot().resolve(storedName);
    }

    private static String newName() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the housekeeping sweeps what is left; a failed delete must not fail the call that made it
        }
    }
}
