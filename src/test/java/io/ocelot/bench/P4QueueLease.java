package io.ocelot.bench;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.e2e.E2eRig;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.TestDatabase;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * P4: the queue in AO at depth 100 / 1 000 / 10 000. A plain harness over the real store: builds created with
 * {@code BuildStore.create} (what a trigger does: build row, stage rows, queue ticket), then the werker's poll
 * — {@code WerkerService.poll}, exactly what the REST resource calls after authenticating (touch the werker, list
 * the oldest tickets it may take, claim one: conditional DELETE of the ticket, build RUNNING, lease row), without
 * HTTP. After every claim the build is finished and one build is queued again (both untimed), so every sample sees
 * the same depth. HSQLDB in memory and file-backed, both MVCC, and PostgreSQL (a database of its own on the server
 * {@code scripts/setup-postgres.sh} starts, READ COMMITTED as in Bitbucket), through the AO ORM 3.2.11.
 */
final class P4QueueLease {
    private static final int WARMUP = 200; // the first database's samples also warm the JIT
    private static final int SAMPLES = 500;

    private P4QueueLease() {
    }

    /** The databases measured, in this order; {@code OCELOT_BENCH_P4_DATABASES} (e.g. "postgresql") picks some. */
    static final List<String> DATABASES = List.of("memory", "file", "postgresql");

    static List<Row> run(List<Integer> depths, List<String> databases) throws Exception {
        for (String d : databases) {
            if (!DATABASES.contains(d)) {
                throw new IllegalArgumentException("P4 database '" + d + "': choose from " + DATABASES);
            }
        }
        return BenchRig.within("P4", rig -> {
            List<Row> rows = new ArrayList<>();
            for (String kind : databases) {
                double base = Double.NaN;
                for (int depth : depths) {
                    PluginHarness.Options o = PluginHarness.options().config(new OcelotConfig())
                            .reposRoot(rig.dir("repos-" + kind + depth));
                    if (kind.equals("file")) {
                        o.dbUrl("jdbc:hsqldb:file:" + rig.dir("db-" + depth).resolve("ocelot"));
                    }
                    try (PgIsolation pg = kind.equals("postgresql") ? PgIsolation.readCommitted() : null;
                         TestDatabase db = pg != null ? TestDatabase.postgresqlPooled() : null;
                         PluginHarness h = PluginHarness.start(db != null ? o.database(db) : o)) {
                        // one database per depth, closed (PostgreSQL: dropped) before the next
                        List<Double> lat = measure(h, depth, kind);
                        double p50 = Stats.median(lat);
                        if (Double.isNaN(base)) {
                            base = p50;
                        }
                        rows.add(Row.alone("P4 lease, " + String.format("%,d", depth) + " queued, "
                                        + (db != null ? "PostgreSQL" : "HSQLDB " + kind),
                                "p50 " + Stats.ms(p50) + ", p99 " + Stats.ms(Stats.percentile(lat, 99)),
                                String.format("p50 ×%.2f vs %d", p50 / base, depths.get(0))));
                    }
                }
            }
            return rows;
        });
    }

    private static List<Double> measure(PluginHarness h, int depth, String kind) throws InterruptedException {
        RepositoryRef repo = h.enableRepository("BENCH", "p4");
        RegisterResponse reg = h.services().registry.register(new RegisterRequest(Protocol.VERSION,
                h.registrationSecret(), "p4", List.of(), 1, "bench"));
        Werker w = h.services().werkerStore.find(reg.werkerId()).orElseThrow();
        long t0 = System.nanoTime();
        fill(h, repo, depth, kind.equals("postgresql") ? 4 : 1);
        Out.progress(String.format("P4 %s: %,d builds queued in %s", kind, depth, Stats.ms((System.nanoTime() - t0) / 1e6)));
        PollRequest poll = new PollRequest(Protocol.VERSION, 1, List.of());
        List<Double> lat = new ArrayList<>();
        int next = depth;
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            long s = System.nanoTime();
            Optional<Job> job = h.services().werkers.poll(w, poll);
            double ms = (System.nanoTime() - s) / 1e6;
            if (job.isEmpty()) {
                throw new IllegalStateException("poll found nothing with " + depth + " builds queued");
            }
            if (i >= WARMUP) {
                lat.add(ms);
            }
            // Untimed: the werker finishes the build, so its next poll truthfully lists nothing it holds (a lease
            // on a build a poll does not list is released at once).
            h.services().werkers.finish(w, job.get().buildId(),
                    new FinishRequest(job.get().lease(), BuildResult.PASSED, null, 0));
            queue(h, repo, next++);
        }
        Out.detail(String.format("P4 %s, %,d queued: %d leases, p50 %s, p90 %s, p99 %s, max %s", kind, depth,
                SAMPLES, Stats.ms(Stats.median(lat)), Stats.ms(Stats.percentile(lat, 90)),
                Stats.ms(Stats.percentile(lat, 99)), Stats.ms(Stats.percentile(lat, 100))));
        return lat;
    }

    /**
     * Queues builds 0..depth-1 (untimed) on {@code threads} threads: a database server commits them side by side, and
     * on a shared machine a queue of 10 000 filled one commit at a time takes longer than the benchmark's limit
     * (HSQLDB stays on one: AO's HSQLDB provider serializes inserts anyway).
     */
    private static void fill(PluginHarness h, RepositoryRef repo, int depth, int threads) throws InterruptedException {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < depth && failed.get() == null; i = next.getAndIncrement()) {
                    try {
                        queue(h, repo, i);
                    } catch (RuntimeException e) {
                        failed.compareAndSet(null, e);
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("P4: queueing " + depth + " builds did not end");
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    private static void queue(PluginHarness h, RepositoryRef repo, int i) {
        String commit = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(20).putInt(16, i).array());
        BuildPlan plan = new BuildPlan(BuildPlan.VERSION, BuildPlan.DEFAULT_PIPELINE, E2eRig.IMAGE, null, 0,
                BuildPlan.CONTAINER_WORKSPACE, List.of(new PlannedStage("echo", List.of("echo hello"), Map.of(), null,
                0, false, false, null)));
        h.services().buildQueue.enqueue(new NewBuild(repo, "main", "refs/heads/main", commit, BuildPlan.DEFAULT_PIPELINE,
                TriggerKind.PUSH, 0, "bench", plan, null));
    }
}
