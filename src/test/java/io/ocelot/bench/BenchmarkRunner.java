package io.ocelot.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Issue 6's benchmarks in one invocation: each Ocelot figure next to its peer measured in the same run on the same
 * machine, then one table with the ratios. Started by {@code scripts/bench.sh [p1 p2 p3 p4 p5 p7 p8]} (all by default).
 * Not a test: it prints numbers. Every benchmark is bounded in time and cleans up what it started.
 */
public final class BenchmarkRunner {
    private BenchmarkRunner() {
    }

    private record Benchmark(String id, String what, long limitMinutes, Callable<List<Row>> body) {
    }

    /** Held, so the level set below stays: java.util.logging keeps loggers weakly. */
    private static final java.util.logging.Logger JERSEY = java.util.logging.Logger.getLogger("org.glassfish.jersey");
    private static final java.util.logging.Logger HTTP_SERVER = java.util.logging.Logger.getLogger("com.sun.net.httpserver");

    public static void main(String[] args) throws Exception {
        // A werker stopped at the end of a benchmark drops its held poll; Jersey logs each such write to a closed
        // connection with a stack trace, which would bury the progress lines.
        JERSEY.setLevel(java.util.logging.Level.OFF);
        HTTP_SERVER.setLevel(java.util.logging.Level.OFF);
        int p1Runs = env("OCELOT_BENCH_P1_RUNS", 20);
        int p3Builds = env("OCELOT_BENCH_P3_BUILDS", 100);
        int p8Runs = env("OCELOT_BENCH_P8_RUNS", 10);
        String p4Env = System.getenv("OCELOT_BENCH_P4_DATABASES");
        List<String> p4Databases = p4Env == null || p4Env.isBlank() ? P4QueueLease.DATABASES
                : List.of(p4Env.trim().split("\\s*,\\s*"));
        Map<String, Benchmark> all = new LinkedHashMap<>();
        all.put("p1", new Benchmark("p1", "push → final status, idle werker", 15,
                () -> P1PushToStatus.run(p1Runs, 2)));
        all.put("p2", new Benchmark("p2", "per-build overhead vs docker run", 10, () -> P2Overhead.run(10)));
        all.put("p3", new Benchmark("p3", p3Builds + " builds queued at once, 2 werkers × 2 slots", 25,
                () -> P3QueuedBuilds.run(p3Builds)));
        all.put("p4", new Benchmark("p4", "lease latency with 100 / 1 000 / 10 000 queued", 15,
                () -> P4QueueLease.run(List.of(100, 1_000, 10_000), p4Databases)));
        all.put("p5", new Benchmark("p5", "a stage printing 100 MB, then a 200 MB artifact", 15, P5BigLog::run));
        all.put("p7", new Benchmark("p7", "2 nodes on PostgreSQL, 500 repositories, 2 000 pushes in 60 s", 10,
                P7ClusterPushes::run));
        all.put("p8", new Benchmark("p8", "push → first log line through the user REST API, idle werker", 10,
                () -> P8FirstLogLine.run(p8Runs, 2)));

        List<String> chosen = new ArrayList<>();
        for (String a : args) {
            for (String id : a.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
                if (id.isEmpty() || id.equals("all")) {
                    continue;
                }
                if (!all.containsKey(id)) {
                    System.err.println("unknown benchmark '" + id + "': choose from " + all.keySet() + " (or all)");
                    System.exit(2);
                }
                chosen.add(id);
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(all.keySet());
        }

        String loadBefore = Machine.loadAverage();
        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        List<String> machine = Machine.describe();
        List<Row> rows = new ArrayList<>();
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "benchmark");
            t.setDaemon(true);
            return t;
        });
        for (String id : chosen) {
            Benchmark b = all.get(id);
            Out.progress("=== " + id.toUpperCase(Locale.ROOT) + ": " + b.what() + " (limit " + b.limitMinutes()
                    + " min), load " + Machine.loadAverage());
            long t0 = System.nanoTime();
            Future<List<Row>> f = runner.submit(b.body());
            try {
                rows.addAll(f.get(b.limitMinutes(), TimeUnit.MINUTES));
            } catch (TimeoutException e) {
                f.cancel(true); // interrupts the benchmark: its rig stops werkers and removes what it made
                rows.add(Row.failed(id.toUpperCase(Locale.ROOT), "over its " + b.limitMinutes() + " min limit"));
                awaitCleanUp(runner);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                Out.progress(id + " failed: " + c);
                c.printStackTrace();
                rows.add(Row.failed(id.toUpperCase(Locale.ROOT), String.valueOf(c.getMessage()).lines().findFirst()
                        .orElse(c.toString())));
            }
            Out.progress(id + " took " + Math.round((System.nanoTime() - t0) / 1e9) + " s");
        }
        runner.shutdown();

        System.out.println();
        System.out.println("Ocelot benchmarks (issue 6) — " + started);
        machine.forEach(l -> System.out.println("  " + l));
        System.out.println("  load average (1/5/15 min): before " + loadBefore + ", after " + Machine.loadAverage());
        System.out.println();
        printTable(rows);
        System.out.println();
        System.out.println("Details:");
        Out.details().forEach(l -> System.out.println("  " + l));
        boolean failed = rows.stream().anyMatch(r -> r.ocelot().startsWith("FAILED"));
        System.exit(failed ? 1 : 0);
    }

    private static int env(String name, int otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : Integer.parseInt(v.trim());
    }

    /** Waits for a cancelled benchmark to finish its clean-up (its rig's teardown) before the next one starts. */
    private static void awaitCleanUp(ExecutorService runner) throws InterruptedException {
        Future<?> marker = runner.submit(() -> { });
        try {
            marker.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            Out.progress("clean-up of the cancelled benchmark did not end: " + e);
        }
    }

    static void printTable(List<Row> rows) {
        String[] head = {"benchmark", "ocelot", "peer", "ratio"};
        int[] w = new int[4];
        for (int i = 0; i < 4; i++) {
            w[i] = head[i].length();
        }
        for (Row r : rows) {
            String[] c = cells(r);
            for (int i = 0; i < 4; i++) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        System.out.println(line(head, w));
        System.out.println(line(new String[]{"-".repeat(w[0]), "-".repeat(w[1]), "-".repeat(w[2]), "-".repeat(w[3])}, w));
        rows.forEach(r -> System.out.println(line(cells(r), w)));
    }

    private static String[] cells(Row r) {
        return new String[]{r.benchmark(), r.ocelot(), r.peer(), r.ratio()};
    }

    private static String line(String[] c, int[] w) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < c.length; i++) {
            b.append(' ').append(String.format("%-" + w[i] + "s", c[i])).append(" |");
        }
        return b.toString();
    }
}
