package io.ocelot.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Progress goes to stderr as it happens; details (every sample, where the time went) are printed after the table. */
final class Out {
    private static final List<String> DETAILS = new ArrayList<>();

    private Out() {
    }

    static void progress(String line) {
        System.err.println("[bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + line);
    }

    static synchronized void detail(String line) {
        DETAILS.add(line);
        progress(line);
    }

    static synchronized List<String> details() {
        return List.copyOf(DETAILS);
    }
}
