package io.ocelot.core;

import java.util.Locale;

/**
 * Byte counts as people read them, one wording for the plugin and the werker: {@link #human} for log lines and
 * messages ("12.3 MiB"), {@link #compact} for tables and pages, where a count of ten or more needs no decimal
 * ("146 KiB", "2.5 MiB"). Below 1 KiB both say the bytes ("512 B").
 */
public final class ByteSizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private ByteSizes() {
    }

    public static String human(long bytes) {
        return format(bytes, false);
    }

    public static String compact(long bytes) {
        return format(bytes, true);
    }

    private static String format(long bytes, boolean compact) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, compact && v >= 10 ? "%.0f %s" : "%.1f %s", v, UNITS[u]);
    }
}
