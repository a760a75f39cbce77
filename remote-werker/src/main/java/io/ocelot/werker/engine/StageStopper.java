package io.ocelot.werker.engine;

import io.ocelot.core.plan.PlannedStage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * How the engine waits for a running stage and stops it from outside: at its deadline (the stage's or the build's)
 * or on a cancel, with SIGTERM, the grace period, then SIGKILL. One per build.
 */
final class StageStopper {
    /** Why a running stage was stopped from outside. */
    enum Stop { NONE, STAGE_TIMEOUT, BUILD_TIMEOUT, CANCEL, ABORT }

    private final EngineConfig config;
    private final Cancellation cancellation;
    /** A line in the stage's log (the engine masks it). */
    private final BiConsumer<Integer, String> stageSystem;
    /** Why the build stops its running stages by itself (a service exited, a parallel stage errored). */
    private final CompletableFuture<String> abort;

    StageStopper(EngineConfig config, Cancellation cancellation, BiConsumer<Integer, String> stageSystem,
                 CompletableFuture<String> abort) {
        this.config = config;
        this.cancellation = cancellation;
        this.stageSystem = stageSystem;
        this.abort = abort;
    }

    /**
     * Waits for the stage to end by itself; returns what stopped it otherwise. {@code abortSignal} completes when
     * the build stops its stages by itself ({@link Stop#ABORT}).
     */
    Stop waitFor(Executor.RunningStage running, CompletableFuture<Void> cancelSignal,
                 CompletableFuture<?> abortSignal, long deadline, Stop deadlineKind) throws BuildError {
        CompletableFuture<Object> either = CompletableFuture.anyOf(running.exit(), cancelSignal, abortSignal);
        try {
            if (deadline == Long.MAX_VALUE) {
                either.get();
            } else {
                either.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            return running.exit().isDone() ? Stop.NONE : deadlineKind;
        } catch (ExecutionException e) {
            throw asBuildError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancellation.cancel("the werker is shutting down");
            return Stop.CANCEL;
        }
        if (running.exit().isDone()) {
            return Stop.NONE;
        }
        return cancelSignal.isDone() ? Stop.CANCEL : Stop.ABORT;
    }

    /** SIGTERM, the grace period, then SIGKILL; returns the exit code. */
    Integer stop(int index, Executor.RunningStage running, Stop why, PlannedStage stage)
            throws BuildError {
        String what = switch (why) {
            case CANCEL -> "cancelled (" + cancellation.reason() + ")";
            case BUILD_TIMEOUT -> "the build's time limit is over";
            case ABORT -> "stopped (" + abort.getNow("the build stops") + ")";
            default -> "stage timed out";
        };
        Duration grace = config.grace();
        stageSystem.accept(index, what + ": sending SIGTERM, SIGKILL after " + HumanDuration.format(grace));
        running.signal(false);
        Integer code = awaitExit(running, grace);
        if (code == null) {
            stageSystem.accept(index, "still running after " + HumanDuration.format(grace) + ": sending SIGKILL");
            running.signal(true);
            code = awaitExit(running, config.dockerCallTimeout());
            if (code == null) {
                throw new BuildError("stage \"" + stage.name() + "\" did not end within "
                        + HumanDuration.format(config.dockerCallTimeout()) + " after SIGKILL");
            }
        }
        return code;
    }

    private Integer awaitExit(Executor.RunningStage running, Duration limit) throws BuildError {
        try {
            return running.exit().get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw asBuildError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static BuildError asBuildError(Throwable t) {
        if (t instanceof BuildError b) {
            return b;
        }
        if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            return asBuildError(t.getCause());
        }
        return new BuildError("the stage could not be run: " + t, t);
    }
}
