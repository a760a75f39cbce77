package io.ocelot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM's heap, sampled from outside with the JDK's {@code jstat -gc PID INTERVAL} (one attach, one line per
 * interval): used = survivors + eden + old, committed likewise. The werker is started by the e2e kit without a
 * metrics port, and its {@code /metrics} carry no JVM heap figures, so this is how its peak is seen. A sample misses
 * what happens between two samples: the peak is at least the figure printed, never less.
 */
final class HeapSampler implements AutoCloseable {
    private final Process jstat;
    private final Thread reader;
    private volatile double maxUsedKb;
    private volatile double maxCommittedKb;
    private volatile int samples;
    private volatile long youngGcs;
    private volatile long fullGcs;

    HeapSampler(long pid, int intervalMillis) throws IOException {
        String bin = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
        jstat = new ProcessBuilder(bin, "-gc", Long.toString(pid), Integer.toString(intervalMillis))
                .redirectErrorStream(true).start();
        reader = new Thread(this::read, "jstat-" + pid);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> head = null;
            for (String line; (line = r.readLine()) != null; ) {
                List<String> f = Arrays.asList(line.trim().split("\\s+"));
                if (f.contains("EU")) {
                    head = f;
                    continue;
                }
                if (head == null || f.size() != head.size()) {
                    continue;
                }
                double used = col(head, f, "S0U") + col(head, f, "S1U") + col(head, f, "EU") + col(head, f, "OU");
                double committed = col(head, f, "S0C") + col(head, f, "S1C") + col(head, f, "EC") + col(head, f, "OC");
                maxUsedKb = Math.max(maxUsedKb, used);
                maxCommittedKb = Math.max(maxCommittedKb, committed);
                youngGcs = (long) col(head, f, "YGC");
                fullGcs = (long) col(head, f, "FGC");
                samples++;
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
    }

    private static double col(List<String> head, List<String> row, String name) {
        String v = row.get(head.indexOf(name));
        return v.equals("-") ? 0 : Double.parseDouble(v);
    }

    double maxUsedMiB() {
        return maxUsedKb / 1024;
    }

    String describe() {
        return String.format("peak heap used %.0f MiB (committed at most %.0f MiB; %d samples, %d young + %d full GCs)",
                maxUsedKb / 1024, maxCommittedKb / 1024, samples, youngGcs, fullGcs);
    }

    @Override
    public void close() throws InterruptedException {
        jstat.destroy();
        jstat.waitFor(5, TimeUnit.SECONDS);
        reader.join(2000);
    }
}
