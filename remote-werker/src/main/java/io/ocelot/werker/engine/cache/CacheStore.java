package io.ocelot.werker.engine.cache;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The caches kept on this host: one tar per repository, cache name and key,
 * {@code <dir>/<repository hash>/<name>/<key>.tar}. Repositories never share one (the repository's name is hashed
 * into the path). A cache is written to a temporary file and renamed into place, so a crash never leaves a half
 * cache that a later build would restore. The whole directory stays under {@code maxBytes}: after each save the
 * least recently used caches (restoring one counts as a use) go first. Safe for several builds at once: a cache
 * being restored while another build evicts it is read to the end (its file is only unlinked).
 */
public final class CacheStore {
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024 * 1024;
    static final String SUFFIX = ".tar";
    static final String TEMP_PREFIX = ".saving-";
    /** A temporary file this old belongs to a save that died: removed at the next eviction. */
    static final Duration STALE_TEMP = Duration.ofHours(6);

    private final Path dir;
    private final long maxBytes;

    public CacheStore(Path dir, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the cache cap must be more than 0 bytes");
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    public Path dir() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The file of one cache (which may not exist). */
    Path file(String repository, String name, String key) {
        String safeName = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return dir.resolve(sha256(repository).substring(0, 24))
                .resolve(safeName + "-" + sha256(name).substring(0, 8))
                .resolve(key + SUFFIX);
    }

    /** The cache, marked as just used; empty when there is none. */
    public Optional<Path> find(String repository, String name, String key) {
        Path f = file(repository, name, key);
        try {
            Files.setLastModifiedTime(f, FileTime.from(Instant.now()));
            return Optional.of(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
        }
    }

    /** Writes a cache's content to {@code out}. */
    @FunctionalInterface
    public interface Content {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Saves a cache atomically, then evicts down to the cap. Returns its size; -1 when it alone is over the cap
     * (then it is not kept).
     */
    public long save(String repository, String name, String key, Content content) throws IOException {
        Path target = file(repository, name, key);
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.write(out);
            }
            long size = Files.size(temp);
            if (size > maxBytes) {
                return -1;
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            evict();
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes the least recently used caches until the directory holds at most the cap; returns how many went. */
    public synchronized int evict() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        record Entry(Path path, long size, FileTime used) {
        }
        List<Entry> caches = new ArrayList<>();
        Instant staleBefore = Instant.now().minus(STALE_TEMP);
        try (Stream<Path> all = Files.walk(dir, 3)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    String n = p.getFileName().toString();
                    if (!a.isRegularFile()) {
                        continue;
                    }
                    if (n.startsWith(TEMP_PREFIX)) {
                        if (a.lastModifiedTime().toInstant().isBefore(staleBefore)) {
                            Files.deleteIfExists(p);
                        }
                    } else if (n.endsWith(SUFFIX)) {
                        caches.add(new Entry(p, a.size(), a.lastModifiedTime()));
                    }
                } catch (NoSuchFileException gone) {
                    // another build removed it meanwhile
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        long total = caches.stream().mapToLong(Entry::size).sum();
        caches.sort(Comparator.comparing(Entry::used));
        int removed = 0;
        for (Entry e : caches) {
            if (total <= maxBytes) {
                break;
            }
            Files.deleteIfExists(e.path());
            total -= e.size();
            removed++;
        }
        return removed;
    }

    static String sha256(String s) {
        return HexFormat.of().formatHex(digest().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
