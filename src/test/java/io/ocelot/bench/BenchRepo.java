package io.ocelot.bench;

import io.ocelot.e2e.GitRepo;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.BitbucketEvents;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.Shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark repository: the e2e kit's {@link GitRepo} (bare repository where the plugin reads it, a work tree to
 * commit in) plus what the benchmarks time — a push event delivered into the plugin's real listener and the wait for
 * the commit's final build status.
 */
final class BenchRepo {
    static final String BRANCH = "main";

    private final PluginHarness h;
    private final RepositoryRef ref;
    private final GitRepo git;
    private String tip;

    BenchRepo(PluginHarness h, RepositoryRef ref, GitRepo git) {
        this.h = h;
        this.ref = ref;
        this.git = git;
    }

    /** One push's measurement: event handed to the listener → final status recorded. */
    record Timed(double ms, long eventAtMillis, Build build) {
        /** Where the time went, from the build's own timestamps (epoch ms): trigger, queue wait, run, delivery. */
        String phases(double endAtMillis) {
            return String.format("trigger %d, queued %d, run %d, after finish %.0f", build.queuedAt() - eventAtMillis,
                    build.startedAt() - build.queuedAt(), build.finishedAt() - build.startedAt(),
                    endAtMillis - build.finishedAt());
        }
    }

    RepositoryRef ref() {
        return ref;
    }

    Path bare() {
        return git.bare();
    }

    /** Writes the pipeline and a README, commits and pushes to main, and points the bare HEAD at main. */
    void init(String ocelotYml) {
        git.write("README", "benchmark repository\n");
        tip = git.commitPipeline(BRANCH, ocelotYml, "pipeline");
        Shell.git(bare(), "symbolic-ref", "HEAD", "refs/heads/" + BRANCH);
    }

    /** Replaces the pipeline on main (pushed, no event: the next timed push builds it). */
    void pipeline(String ocelotYml) {
        tip = git.commitPipeline(BRANCH, ocelotYml, "pipeline");
    }

    /**
     * A new commit on main with the same files (so every run builds the same tree, and the build identity —
     * repository, commit — is new), pushed untimed; then the push event, timed up to the commit's final status.
     */
    Timed pushNewCommit(long timeoutMillis) throws InterruptedException {
        String previous = tip;
        git.commit("run");
        String commit = git.push(BRANCH);
        tip = commit;
        return timedEvent(previous, commit, timeoutMillis);
    }

    /**
     * What a benchmark waits for while the build runs, from the event ({@link System#nanoTime} {@code eventNanos}) up
     * to {@code deadlineNanos}: returns the {@link System#nanoTime} it saw it at.
     */
    interface Watch {
        long await(String commit, long eventNanos, long deadlineNanos) throws Exception;
    }

    /** A push watched for something before its final status: event → {@code watchedMs}, event → final status. */
    record Watched(double watchedMs, Timed timed) {
    }

    /**
     * As {@link #pushNewCommit}, and right after the listener returns, {@code watch} waits for what the benchmark
     * times (P8: the first stage line through the user REST API); then the wait for the final status, so the next
     * push finds the werker idle.
     */
    Watched pushNewCommit(long timeoutMillis, Watch watch) throws Exception {
        String previous = tip;
        git.commit("run");
        String commit = git.push(BRANCH);
        tip = commit;
        double[] watched = new double[1];
        Timed t = timedEvent(previous, commit, timeoutMillis, (c, t0) -> {
            watched[0] = (watch.await(c, t0, t0 + timeoutMillis * 1_000_000L) - t0) / 1e6;
        });
        return new Watched(watched[0], t);
    }

    private interface During {
        void run(String commit, long t0Nanos) throws Exception;
    }

    private Timed timedEvent(String from, String to, long timeoutMillis) throws InterruptedException {
        try {
            return timedEvent(from, to, timeoutMillis, null);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * How long after a build's final status the next timed push comes ({@code OCELOT_BENCH_IDLE_MS}, 1000): the
     * benchmarks of one build at a time (P1, P2, P5, P8) measure a build that finds its werker idle, done with the
     * previous build's clean-up and ready for the next, as a push at a person's pace does. A burst of builds is P3's.
     */
    static final long IDLE_MS = Long.parseLong(System.getenv().getOrDefault("OCELOT_BENCH_IDLE_MS", "1000"));
    /** {@link System#nanoTime} of the last final status this repository's pushes saw (0: none yet). */
    private long lastDoneNanos;

    /**
     * Waits until {@link #IDLE_MS} have passed since the last final status: the next push, and a peer's run between
     * two builds, find the werker idle (its clean-up and ready container are made after the status), so neither run
     * competes with the other's leftovers.
     */
    void awaitIdle() throws InterruptedException {
        long idleUntil = lastDoneNanos + IDLE_MS * 1_000_000L;
        if (lastDoneNanos != 0 && System.nanoTime() - idleUntil < 0) {
            Thread.sleep((idleUntil - System.nanoTime()) / 1_000_000L + 1);
        }
    }

    private Timed timedEvent(String from, String to, long timeoutMillis, During during) throws Exception {
        // the event object is made first: it is a Mockito mock of Bitbucket's event, whose cost is not Ocelot's
        var event = BitbucketEvents.push(ref, "bench", BRANCH, from, to);
        awaitIdle();
        long eventAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        h.services().listener.onRefsChanged(event);
        if (during != null) {
            during.run(to, t0);
        }
        BuildStatus done = h.statuses().awaitFinal(to, timeoutMillis);
        lastDoneNanos = System.nanoTime();
        double ms = (lastDoneNanos - t0) / 1e6;
        return new Timed(ms, eventAt, checkPassed(done, to, timeoutMillis));
    }

    Build checkPassed(BuildStatus done, String commit, long timeoutMillis) {
        if (done == null) {
            throw new IllegalStateException("no final status on " + commit + " within " + timeoutMillis
                    + " ms; published: " + h.statuses().forCommit(commit));
        }
        Build b = h.builds().find(done.buildNumber()).orElseThrow();
        if (done.state() != StatusState.SUCCESSFUL) {
            throw new IllegalStateException("build " + b.id() + " of " + commit + " ended " + done.state() + " ("
                    + done.description() + "): " + b.message() + "\n" + new String(h.logs().readAll(b.id(), b.attempt()),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return b;
    }

    /** {@code n} new commits (same tree), each pushed to a branch of its own ({@code prefix-0} ...); returns them. */
    List<String> commitsOnOwnBranches(String prefix, int n) {
        List<String> commits = new ArrayList<>();
        List<String> push = new ArrayList<>(List.of("git", "-C", bare().toString(), "update-ref", "--stdin"));
        StringBuilder refs = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String c = git.commit("build " + i);
            commits.add(c);
            refs.append("create refs/heads/").append(prefix).append('-').append(i).append(' ').append(c).append('\n');
        }
        git.push("bench-all"); // sends the objects once; the branches are then created in the bare repository
        Shell.run(push, null, refs.toString(), Shell.TIMEOUT_SECONDS).ok();
        return commits;
    }
}
