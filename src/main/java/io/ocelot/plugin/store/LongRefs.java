package io.ocelot.plugin.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Branch names and refs of any length in AO's 255-character string columns. git allows names far longer (a
 * 2 000-character branch is a valid push), and an over-long value made the whole insert fail: no build, no status.
 * A value that fits is stored as it is, so existing rows and lookups are unchanged; a longer one is stored as
 * {@code sha256:<hex>} in the indexed column (what lookups compare with) and in full in an unlimited column next to
 * it (what is read back).
 */
final class LongRefs {
    /** AO's default string column, VARCHAR(255). */
    static final int COLUMN_LENGTH = 255;
    private static final String PREFIX = "sha256:";

    private LongRefs() {
    }

    /** What the indexed column holds for {@code value}, and what queries must compare it with. */
    static String key(String value) {
        if (value == null || value.length() <= COLUMN_LENGTH && !value.startsWith(PREFIX)) {
            return value;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the unlimited column holds: the value when the indexed column cannot, else null. */
    static String full(String value) {
        return value != null && !value.equals(key(value)) ? value : null;
    }

    /** The value back from the two columns. */
    static String read(String key, String full) {
        return full != null ? full : key;
    }
}
