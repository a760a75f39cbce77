package io.ocelot.werker.engine.cache;

import io.ocelot.core.ByteSizes;

import io.ocelot.core.plan.CacheSpec;
import io.ocelot.werker.engine.files.WorkspaceFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One build's caches: restored into the workspace before the first stage, saved out of it after a successful build.
 * A cache's key is the SHA-256 of its {@code key} files as the workspace holds them after the clone (computed once,
 * at restore, so what a stage changes does not move the cache), or {@value #NO_KEY} when it names none. Nothing here
 * fails the build: a cache that cannot be read or written is a log line, and the build goes on without it.
 */
public final class BuildCaches {
    static final String NO_KEY = "default";
    /** How much of the key the log shows. */
    private static final int SHOWN_KEY = 12;

    private final CacheStore store;
    private final String repository;
    private final List<CacheSpec> caches;
    private final Consumer<String> log;
    private final Map<String, String> keys = new LinkedHashMap<>();

    /** {@code repository}: whose caches these are (the job's repository; exec: the project's absolute path). */
    public BuildCaches(CacheStore store, String repository, List<CacheSpec> caches, Consumer<String> log) {
        this.store = store;
        this.repository = repository;
        this.caches = caches;
        this.log = log;
    }

    public void restore(WorkspaceFiles files) {
        if (caches.isEmpty()) {
            return;
        }
        if (store == null || repository == null || files == null) {
            log.accept("caches: not kept on this werker");
            return;
        }
        for (CacheSpec c : caches) {
            try {
                String key = key(c, files);
                keys.put(c.name(), key);
                Optional<Path> found = store.find(repository, c.name(), key);
                if (found.isEmpty()) {
                    log.accept("cache '" + c.name() + "' not found (" + shown(key) + "): the build starts without it");
                    continue;
                }
                long size;
                try (InputStream in = Files.newInputStream(found.get())) {
                    size = Files.size(found.get());
                    files.unpack(in);
                }
                log.accept("cache '" + c.name() + "' restored (" + ByteSizes.human(size) + ", " + shown(key) + ")");
            } catch (java.nio.file.NoSuchFileException evicted) {
                log.accept("cache '" + c.name() + "' not found (evicted just now): the build starts without it");
            } catch (IOException | RuntimeException e) {
                log.accept("warning: cache '" + c.name() + "' could not be restored: " + e.getMessage());
            }
        }
    }

    /** After a successful build only (the engine's call): a failed build's workspace is no cache to trust. */
    public void save(WorkspaceFiles files) {
        if (caches.isEmpty() || store == null || repository == null || files == null) {
            return;
        }
        for (CacheSpec c : caches) {
            String key = keys.get(c.name());
            if (key == null) {
                continue; // its restore failed before the key was known
            }
            try {
                long size = store.save(repository, c.name(), key, out -> write(c, files, out));
                if (size < 0) {
                    log.accept("cache '" + c.name() + "' not saved: it is larger than the werker's cache cap ("
                            + ByteSizes.human(store.maxBytes()) + ")");
                } else {
                    log.accept("cache '" + c.name() + "' saved (" + ByteSizes.human(size) + ", " + shown(key) + ")");
                }
            } catch (NothingToSave e) {
                log.accept("cache '" + c.name() + "' not saved: none of its paths " + c.paths() + " exists");
            } catch (IOException | RuntimeException e) {
                log.accept("warning: cache '" + c.name() + "' could not be saved: " + e.getMessage());
            }
        }
    }

    /** The tar of the cache's paths; {@link NothingToSave} when none of them exists (then nothing is kept). */
    private void write(CacheSpec c, WorkspaceFiles files, OutputStream raw) throws IOException {
        boolean any = false;
        BufferedOutputStream buffered = new BufferedOutputStream(raw, 64 * 1024);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(buffered);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (String p : c.paths()) {
            String path = relative(p);
            if (path == null) {
                log.accept("cache '" + c.name() + "': path '" + p + "' is not inside the workspace; skipped");
            } else if (files.export(path, path, tar)) {
                any = true;
            } else {
                log.accept("cache '" + c.name() + "': path '" + p + "' does not exist; skipped");
            }
        }
        if (!any) {
            throw new NothingToSave();
        }
        tar.finish();
        buffered.flush();
    }

    /** Thrown out of the store's save so that an empty cache never replaces a good one. */
    private static final class NothingToSave extends IOException {
        NothingToSave() {
            super("nothing to save");
        }
    }

    /** {@code p} normalised relative to the workspace ("a/b"), or null when it is absolute or leaves it. */
    static String relative(String p) {
        if (p == null || p.startsWith("/") || p.startsWith("~")) {
            return null;
        }
        Path n = Path.of(p).normalize();
        String s = n.toString();
        if (s.isEmpty() || s.equals("..") || s.startsWith("../") || s.equals(".")) {
            return null;
        }
        return s;
    }

    private String key(CacheSpec c, WorkspaceFiles files) throws IOException {
        if (c.key().isEmpty()) {
            return NO_KEY;
        }
        MessageDigest all = CacheStore.digest();
        for (String k : c.key()) {
            all.update(k.getBytes(StandardCharsets.UTF_8));
            all.update((byte) 0);
            String path = relative(k);
            MessageDigest one = CacheStore.digest();
            boolean found = path != null && files.read(path, in -> {
                try (DigestInputStream d = new DigestInputStream(in, one)) {
                    d.transferTo(OutputStream.nullOutputStream());
                }
            });
            all.update(found ? one.digest() : "missing".getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(all.digest());
    }

    private static String shown(String key) {
        return NO_KEY.equals(key) ? "no key files" : "key " + key.substring(0, SHOWN_KEY);
    }
}
