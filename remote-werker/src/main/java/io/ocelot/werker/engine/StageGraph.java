package io.ocelot.werker.engine;

import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the stages of a stage graph ({@link BuildPlan#isGraph}): a stage starts once every stage it needs PASSED,
 * and the stages with nothing pending run at the same time, at most {@code parallel} of them. A stage whose need did
 * not pass is SKIPPED with that need named (and so, transitively, is everything after it); independent branches go
 * on. An {@code always} stage runs once its needs are finished, whatever their result. A cancel, the build's time
 * limit or a failure under the whole build (a service exited) leaves not-started stages unrun, as in a file-order
 * build; the running ones are stopped by their own waits (SIGTERM, grace, SIGKILL).
 *
 * <p>The scheduling happens on the build's thread; each stage runs on a thread of its own and reports back through
 * a queue, so all decisions are made in one place and in plan order.
 */
final class StageGraph {
    private final BuildEngine.Build build;
    private final List<PlannedStage> stages;
    private final int parallel;
    private final Map<String, Integer> byName = new HashMap<>();
    /** For a stage that did not run because a need did not pass: the stage whose failure is the cause. */
    private final Map<Integer, String> rootCause = new HashMap<>();
    /**
     * Stages that are over: finished without running, or run and released (their own container gone). A stage
     * waits for its needs to be over, not just to have a result.
     */
    private boolean[] over;

    StageGraph(BuildEngine.Build build, BuildPlan plan, int parallel) {
        this.build = build;
        this.stages = plan.stages();
        this.parallel = Math.max(1, parallel);
        for (int i = 0; i < stages.size(); i++) {
            byName.putIfAbsent(stages.get(i).name(), i);
        }
    }

    void run(Executor.Session session) {
        int n = stages.size();
        boolean[] taken = new boolean[n]; // started, or finished without running
        over = new boolean[n];
        LinkedBlockingQueue<Integer> ended = new LinkedBlockingQueue<>();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, n)), r -> {
            Thread t = new Thread(r, "ocelot-stage-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        int running = 0;
        try {
            while (true) {
                boolean changed = true;
                while (changed) {
                    changed = false;
                    for (int i = 0; i < n; i++) {
                        if (taken[i]) {
                            continue;
                        }
                        Verdict v = decide(i);
                        if (v == Verdict.WAIT || (v == Verdict.RUN && running >= parallel)) {
                            continue;
                        }
                        taken[i] = true;
                        changed = true;
                        over[i] = v == Verdict.DONE;
                        if (v == Verdict.RUN) {
                            running++;
                            int index = i;
                            pool.execute(() -> runOne(index, session, ended));
                        }
                    }
                }
                if (running == 0) {
                    break;
                }
                for (int i : awaitSome(ended)) {
                    over[i] = true;
                    running--;
                }
            }
            // only a stage whose need is no stage of the plan can be left (the planner refuses such files)
            for (int i = 0; i < n; i++) {
                if (!taken[i]) {
                    build.finish(new StageResult(i, stages.get(i).name(), StageStatus.SKIPPED, null, 0,
                            "not run: its needs never finished"));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    private enum Verdict { WAIT, RUN, DONE }

    /**
     * Whether stage {@code i} can run now (RUN), must wait for a need (WAIT), or is done without running (DONE: its
     * SKIPPED or CANCELLED result is given here).
     */
    private Verdict decide(int i) {
        PlannedStage stage = stages.get(i);
        if (stage.skipped()) {
            build.finish(new StageResult(i, stage.name(), StageStatus.SKIPPED, null, 0,
                    "skipped: " + stage.skipReason()));
            return Verdict.DONE;
        }
        String unmet = null;
        for (String need : stage.needs() == null ? List.<String>of() : stage.needs()) {
            Integer j = byName.get(need);
            StageResult r = j == null || !over[j] ? null : build.resultOf(j);
            if (r == null) {
                return Verdict.WAIT;
            }
            if (unmet == null && r.status() != StageStatus.PASSED) {
                unmet = notPassed(j, r);
                rootCause.put(i, rootCause.getOrDefault(j, stages.get(j).name()));
            }
        }
        String trouble = build.troubleBefore(stage);
        if (trouble != null && !stage.always()) {
            StageStatus status = build.isCancelled() ? StageStatus.CANCELLED : StageStatus.SKIPPED;
            build.finish(new StageResult(i, stage.name(), status, null, 0, trouble));
            return Verdict.DONE;
        }
        if (unmet != null && !stage.always()) {
            build.finish(new StageResult(i, stage.name(), StageStatus.SKIPPED, null, 0, "not run: " + unmet));
            return Verdict.DONE;
        }
        return Verdict.RUN;
    }

    /** "it needs \"build\", which failed", or which was not run because of the stage at the root of it. */
    private String notPassed(int need, StageResult r) {
        String name = "it needs \"" + stages.get(need).name() + "\", which ";
        String root = rootCause.get(need);
        if (root != null) {
            return name + "was not run because \"" + root + "\" did not pass";
        }
        return name + switch (r.status()) {
            case FAILED -> "failed";
            case CANCELLED -> "was cancelled";
            case SKIPPED -> "was skipped";
            default -> "did not pass";
        };
    }

    private void runOne(int index, Executor.Session session, LinkedBlockingQueue<Integer> ended) {
        PlannedStage stage = stages.get(index);
        try {
            build.runStage(index, stage, session);
        } catch (BuildError e) {
            build.erroredInStage(e);
        } catch (RuntimeException e) {
            build.erroredInStage(new BuildError("internal error in the werker: " + e, e));
        } finally {
            if (build.resultOf(index) == null) {
                build.finish(new StageResult(index, stage.name(), StageStatus.FAILED, null, 0,
                        "not run: the build errored"));
            }
            ended.add(index);
        }
    }

    /** The stages that ended since the last look: at least one (waits for it). */
    private List<Integer> awaitSome(LinkedBlockingQueue<Integer> ended) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    List<Integer> some = new java.util.ArrayList<>();
                    some.add(ended.take());
                    ended.drainTo(some);
                    return some;
                } catch (InterruptedException e) {
                    // the werker is shutting down: the stages are cancelled, and the build still waits for them
                    interrupted = true;
                    build.cancelFromInside("the werker is shutting down");
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
