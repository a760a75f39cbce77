package io.ocelot.werker.engine;

import io.ocelot.core.protocol.Messages.LogStream;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A build's log as the engine writes it: every write is masked (per stream within a stage, then across the merged
 * log, which may hold back a possible secret) and passed on to the listener in order. One per build.
 */
final class BuildLog {
    private final List<String> secretValues;
    private final BuildListener out;
    /** The whole log as stored, masked across streams and stages; every log write goes through {@link #emit}. */
    private final BuildLogMasker logMasker;

    BuildLog(List<String> secretValues, BuildListener out) {
        this.secretValues = List.copyOf(secretValues);
        this.out = out;
        this.logMasker = new BuildLogMasker(this.secretValues);
    }

    /** A line of the build's set-up (clone, image pull, container). */
    void system(String line) {
        emit(BuildListener.SETUP, LogStream.SYSTEM, (mask(line) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A line of Ocelot's own in a stage's log (a stop, a signal). */
    void stageSystem(int index, String line) {
        emit(index, LogStream.SYSTEM, ("ocelot: " + mask(line) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Into the build's log, through the masker of the merged log (which may hold back a possible secret). */
    void emit(int index, LogStream stream, byte[] data) {
        synchronized (logMasker) {
            for (BuildLogMasker.Piece p : logMasker.push(index, stream, data)) {
                out.log(p.stage(), p.stream(), p.data());
            }
        }
    }

    String mask(String s) {
        return SecretMasker.maskAll(secretValues, s);
    }

    /** At the end of the build: what the merged log's masker still holds back. */
    void flush() {
        synchronized (logMasker) {
            logMasker.flush().forEach(p -> out.log(p.stage(), p.stream(), p.data()));
        }
    }

    /** Where a stage's output goes; closed when the stage is over. */
    StageLog stage(int index) {
        return new StageLog(index);
    }

    /**
     * Per-stream maskers of one stage (a secret within stdout survives interleaved stderr), feeding the merged
     * log's masker; writes after close (a straggling reader) are dropped.
     */
    final class StageLog implements Executor.StageOutput {
        private final int index;
        private final Map<LogStream, SecretMasker> maskers = new HashMap<>();
        private boolean closed;

        private StageLog(int index) {
            this.index = index;
        }

        @Override
        public void write(LogStream stream, byte[] data) {
            byte[] safe;
            synchronized (this) {
                if (closed) {
                    return;
                }
                safe = maskers.computeIfAbsent(stream, s -> new SecretMasker(secretValues)).push(data);
                // emit under the lock so one stream's bytes keep their order
                emit(index, stream, safe);
            }
        }

        synchronized void close() {
            closed = true;
            maskers.forEach((stream, m) -> emit(index, stream, m.flush()));
        }
    }
}
