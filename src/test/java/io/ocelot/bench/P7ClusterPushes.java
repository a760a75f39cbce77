package io.ocelot.bench;

import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.store.PendingTriggerStore;
import io.ocelot.plugin.testkit.BitbucketEvents;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.TestDatabase;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * P7: a two-node cluster on PostgreSQL takes a burst of pushes. Two plugin nodes (two harnesses in this JVM, each
 * with its own AO entity manager and connection pool on ONE PostgreSQL database, its own trigger processors and
 * queue signal: nothing shared but the database and Bitbucket's content), 500 repositories enabled, 2 000 push
 * events (4 per repository, each a new commit on {@code main}) handed to the two nodes' event listeners in turn at
 * an even pace over 60 s, as Bitbucket delivers each push on the node that received it. Measured per event: from
 * the listener call to the build's queued time ({@code queuedAt}, stored by whichever node's trigger processor
 * handled it): the durable trigger row, the claim, ocelot.yml read and parsed by the real planner, the build, its
 * stages and queue ticket stored. Then checked: every event became exactly one build (none lost, none twice) and
 * no trigger failed. ocelot.yml comes from memory (what Bitbucket's ContentService would return), so git is not
 * timed.
 */
final class P7ClusterPushes {
    static final int REPOSITORIES = 500;
    static final int EVENTS = 2_000;
    static final long SPREAD_MILLIS = 60_000;
    private static final String PIPELINE = "image: ocelot/busybox:latest\nstages:\n  - name: build\n"
            + "    script: ['echo built']\n";

    private P7ClusterPushes() {
    }

    static List<Row> run() throws Exception {
        return BenchRig.within("P7", rig -> {
            InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
            try (PgIsolation pg = PgIsolation.readCommitted();
                 TestDatabase dbA = TestDatabase.postgresqlPooled();
                 TestDatabase dbB = TestDatabase.postgresqlExisting(dbA.url(), true);
                 PluginHarness a = node(dbA, files, rig.dir("repos"), null);
                 PluginHarness b = node(dbB, files, rig.dir("repos"), a.registrationSecret())) {
                List<RepositoryRef> repos = new ArrayList<>();
                for (int r = 1; r <= REPOSITORIES; r++) {
                    repos.add(a.enableRepository("P7", "repo-" + r));
                    b.repository("P7", "repo-" + r); // the same id on the other node
                }
                String[] tip = new String[REPOSITORIES];
                String[] commits = new String[EVENTS];
                RepositoryRef[] of = new RepositoryRef[EVENTS];
                for (int i = 0; i < EVENTS; i++) {
                    commits[i] = sha(i);
                    of[i] = repos.get(i % REPOSITORIES);
                    files.put(of[i], commits[i], "ocelot.yml", PIPELINE);
                }
                Out.progress(String.format("P7: 2 nodes, %d repositories; %,d pushes over %d s", REPOSITORIES, EVENTS,
                        SPREAD_MILLIS / 1000));
                long[] sentAt = new long[EVENTS];
                long start = System.nanoTime();
                long lateMax = 0;
                for (int i = 0; i < EVENTS; i++) {
                    long due = start + i * SPREAD_MILLIS * 1_000_000 / EVENTS;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else {
                        lateMax = Math.max(lateMax, -wait);
                    }
                    int r = i % REPOSITORIES;
                    PluginHarness node = i % 2 == 0 ? a : b;
                    sentAt[i] = System.currentTimeMillis();
                    node.services().listener.onRefsChanged(BitbucketEvents.push(of[i], "bench", "main", tip[r],
                            commits[i]));
                    tip[r] = commits[i];
                }
                double sendSeconds = (System.nanoTime() - start) / 1e9;
                a.awaitTriggers();
                b.awaitTriggers();
                long settle = System.currentTimeMillis() + 120_000;
                List<Double> latency = new ArrayList<>();
                int lost = 0;
                int twice = 0;
                for (int i = 0; i < EVENTS; i++) {
                    List<Build> built = a.builds().byCommitPrefix(of[i].id(), commits[i], 5);
                    while (built.isEmpty() && System.currentTimeMillis() < settle) {
                        Thread.sleep(100); // a trigger still being retried
                        built = a.builds().byCommitPrefix(of[i].id(), commits[i], 5);
                    }
                    if (built.isEmpty()) {
                        lost++;
                    } else {
                        twice += built.size() > 1 ? 1 : 0;
                        latency.add((double) (built.get(0).queuedAt() - sentAt[i]));
                    }
                }
                int failed = a.services().pendingTriggers.count(PendingTriggerStore.State.FAILED);
                Out.detail(String.format("P7: %,d pushes sent in %.1f s (at most %d ms behind the pace); events → "
                                + "queued p50 %s, p90 %s, p99 %s, max %s; %d lost, %d built twice, %d triggers FAILED",
                        EVENTS, sendSeconds, lateMax / 1_000_000, Stats.ms(Stats.median(latency)),
                        Stats.ms(Stats.percentile(latency, 90)), Stats.ms(Stats.percentile(latency, 99)),
                        Stats.ms(Stats.percentile(latency, 100)), lost, twice, failed));
                if (lost > 0 || twice > 0 || failed > 0) {
                    throw new IllegalStateException(lost + " pushes without a build, " + twice + " with two, "
                            + failed + " triggers FAILED");
                }
                return List.of(Row.alone(String.format("P7 2 nodes, %d repos, %,d pushes in %d s, PostgreSQL",
                                REPOSITORIES, EVENTS, SPREAD_MILLIS / 1000),
                        "events→queued p50 " + Stats.ms(Stats.median(latency)) + ", p99 "
                                + Stats.ms(Stats.percentile(latency, 99)),
                        String.format("%,d builds, 0 lost, 0 twice", latency.size())));
            }
        });
    }

    /** A node; {@code secret}: the cluster's registration secret, null for the first node (it makes one). */
    private static PluginHarness node(TestDatabase db, InMemoryRepositoryFiles files, java.nio.file.Path repos,
                                      String secret) {
        return PluginHarness.start(PluginHarness.options().database(db).config(new OcelotConfig()).reposRoot(repos)
                .registrationSecret(secret).files(files)
                .changesets((r, since, until) -> new Changeset(List.of("a change"), List.of("a.txt"))));
    }

    private static String sha(int i) {
        return HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(20).putInt(0, 0x7ced).putInt(16, i).array());
    }
}
