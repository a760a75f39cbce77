package io.ocelot.werker.engine;

import java.time.Duration;

/** Durations the way users write them in ocelot.yml and read them in messages: 10m, 90s, 1h30m, 1.5s. */
public final class HumanDuration {
    private HumanDuration() {
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000 && ms % 1000 != 0) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        long h = s / 3600, m = (s % 3600) / 60, sec = s % 60;
        StringBuilder b = new StringBuilder();
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (sec > 0 || b.length() == 0) {
            b.append(sec).append('s');
        }
        return b.toString();
    }
}
