package io.ocelot.werker.engine.docker;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ocelot.core.Json;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The images this werker pulled, each with when a build last used it: a JSON map of image reference to epoch
 * milliseconds in the werker's work directory. Image garbage collection removes only what is listed here, so an
 * image someone else put on a shared engine (another werker, another tenant, the operator) is never touched, and
 * "least recently used" means used by a build here, which Docker itself does not record. A missing or unreadable
 * file is an empty ledger: the worst case is that an image is kept.
 */
public final class ImageLedger {
    private static final TypeReference<TreeMap<String, Long>> TYPE = new TypeReference<>() { };

    private final Path file;

    public ImageLedger(Path file) {
        this.file = file;
    }

    /** This werker pulled {@code image} (now its last use). */
    public synchronized void pulled(String image) {
        Map<String, Long> m = read();
        m.put(image, System.currentTimeMillis());
        write(m);
    }

    /** A build used {@code image}: its last use is now, if this werker pulled it (others' images are not ours). */
    public synchronized void used(String image) {
        Map<String, Long> m = read();
        if (m.containsKey(image)) {
            m.put(image, System.currentTimeMillis());
            write(m);
        }
    }

    public synchronized void forget(String image) {
        Map<String, Long> m = read();
        if (m.remove(image) != null) {
            write(m);
        }
    }

    /** Reference to last use (epoch ms), oldest first. */
    public synchronized Map<String, Long> byLastUse() {
        Map<String, Long> out = new LinkedHashMap<>();
        read().entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private Map<String, Long> read() {
        try {
            if (!Files.exists(file)) {
                return new TreeMap<>();
            }
            TreeMap<String, Long> m = Json.mapper().readValue(Files.readAllBytes(file), TYPE);
            return m == null ? new TreeMap<>() : m;
        } catch (IOException | RuntimeException e) {
            return new TreeMap<>();
        }
    }

    private void write(Map<String, Long> m) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.mapper().writeValueAsBytes(m));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // best effort: an image not recorded is only kept, never wrongly removed
        }
    }
}
