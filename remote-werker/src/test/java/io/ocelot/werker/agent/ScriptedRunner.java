package io.ocelot.werker.agent;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.werker.engine.BuildListener;
import io.ocelot.werker.engine.BuildOutcome;
import io.ocelot.werker.engine.BuildRequest;
import io.ocelot.werker.engine.BuildRunner;
import io.ocelot.werker.engine.Cancellation;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * An honest stand-in for the engine: emits a script of stages and log writes with real delays between them, on the
 * agent's build thread, keeps every byte it emitted, and stops at once when cancelled (the rest of the stage is not
 * emitted; the stage and the build end CANCELLED with the cancel reason).
 */
final class ScriptedRunner implements BuildRunner {
    /** A stage: {@code writes} log writes of about {@code writeBytes} bytes each, {@code pause} apart; then {@code exitCode}. */
    record Stage(String name, int writes, int writeBytes, Duration pause, int exitCode) {
    }

    private final LongFunction<List<Stage>> scripts;
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    final Map<Long, ByteArrayOutputStream> produced = new ConcurrentHashMap<>();
    final Map<Long, BuildOutcome> outcomes = new ConcurrentHashMap<>();
    final Map<Long, Cancellation> cancellations = new ConcurrentHashMap<>();
    final Map<Long, CountDownLatch> started = new ConcurrentHashMap<>();
    final Map<Long, BuildRequest> requests = new ConcurrentHashMap<>();
    /** Builds whose clean-up (after the outcome is told) waits for the latch, as the engine's container removal. */
    final Map<Long, CountDownLatch> cleanUps = new ConcurrentHashMap<>();
    /** Builds whose {@code run} has returned: their clean-up is over. */
    final Set<Long> returned = ConcurrentHashMap.newKeySet();

    ScriptedRunner(LongFunction<List<Stage>> scripts) {
        this.scripts = scripts;
    }

    CountDownLatch startedLatch(long id) {
        return started.computeIfAbsent(id, k -> new CountDownLatch(1));
    }

    byte[] producedBytes(long id) {
        ByteArrayOutputStream out = produced.get(id);
        synchronized (out) {
            return out.toByteArray();
        }
    }

    @Override
    public BuildOutcome run(BuildRequest request, BuildListener listener, Cancellation cancellation) {
        long id = request.buildId();
        requests.put(id, request);
        cancellations.put(id, cancellation);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        produced.put(id, out);
        CountDownLatch cancelled = new CountDownLatch(1);
        cancellation.onCancel(cancelled::countDown);
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        startedLatch(id).countDown();
        Random random = new Random(id);
        List<StageResult> results = new ArrayList<>();
        BuildResult result = BuildResult.PASSED;
        try {
            List<Stage> stages = scripts.apply(id);
            for (int i = 0; i < stages.size(); i++) {
                Stage s = stages.get(i);
                if (cancellation.isCancelled()) {
                    StageResult r = new StageResult(i, s.name(), StageStatus.CANCELLED, null, 0, cancellation.reason());
                    listener.stageFinished(r);
                    results.add(r);
                    continue;
                }
                long t0 = System.nanoTime();
                listener.stageStarted(i, s.name());
                for (int w = 0; w < s.writes() && !cancellation.isCancelled(); w++) {
                    LogStream stream = w % 3 == 2 ? LogStream.STDERR : LogStream.STDOUT;
                    byte[] data = new byte[Math.max(1, s.writeBytes() / 2 + random.nextInt(s.writeBytes() + 1))];
                    random.nextBytes(data); // raw bytes, not text: the log must survive byte for byte
                    data[data.length - 1] = '\n';
                    synchronized (out) {
                        out.writeBytes(data);
                    }
                    listener.log(i, stream, data);
                    if (!s.pause().isZero()) {
                        cancelled.await(s.pause().toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
                long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
                StageResult r;
                if (cancellation.isCancelled()) {
                    r = new StageResult(i, s.name(), StageStatus.CANCELLED, 143, ms, cancellation.reason());
                    result = BuildResult.CANCELLED;
                } else if (s.exitCode() != 0) {
                    r = new StageResult(i, s.name(), StageStatus.FAILED, s.exitCode(), ms, "exit code " + s.exitCode());
                    result = BuildResult.FAILED;
                } else {
                    r = new StageResult(i, s.name(), StageStatus.PASSED, 0, ms, null);
                }
                listener.stageFinished(r);
                results.add(r);
                if (result == BuildResult.FAILED) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = BuildResult.ERRORED;
        } finally {
            concurrent.decrementAndGet();
        }
        if (cancellation.isCancelled()) {
            result = BuildResult.CANCELLED;
        }
        BuildOutcome outcome = new BuildOutcome(result, result == BuildResult.CANCELLED ? cancellation.reason() : null, results);
        outcomes.put(id, outcome);
        listener.buildFinished(outcome); // as the engine: the outcome, then the clean-up
        CountDownLatch cleanUp = cleanUps.get(id);
        if (cleanUp != null) {
            try {
                cleanUp.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        returned.add(id);
        return outcome;
    }
}
