package io.ocelot.werker.engine;

import io.ocelot.core.protocol.Messages.LogStream;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A build's log as the engine writes it: every write is masked (per stream within a stage, then across the merged
 * log, which may hold back a possible secret) and passed on to the listener in order. One per build.
 *
 * <p>When stages run at the same time ({@code wholeLines}), a stage's output is passed on by whole lines, so lines of
 * two stages never end up glued into one line of the merged log and every stage marker starts a line: the part of a
 * line without its newline yet is held (up to {@link #HELD_LINE_MAX} bytes) until its newline or the stage's end.
 */
final class BuildLog {
    private final List<String> secretValues;
    private final BuildListener out;
    /** The whole log as stored, masked across streams and stages; every log write goes through {@link #emit}. */
    private final BuildLogMasker logMasker;
    /** Output of parallel stages goes on by whole lines. */
    private final boolean wholeLines;
    /** Set by {@link #complete}: the outcome is out, and the log takes nothing more. */
    private volatile boolean complete;
    /** The longest part of a line held back while waiting for its newline. */
    static final int HELD_LINE_MAX = 8192;

    BuildLog(List<String> secretValues, BuildListener out) {
        this(secretValues, out, false);
    }

    BuildLog(List<String> secretValues, BuildListener out, boolean wholeLines) {
        this.wholeLines = wholeLines;
        this.secretValues = List.copyOf(secretValues);
        this.out = out;
        this.logMasker = new BuildLogMasker(this.secretValues);
    }

    /**
     * A line of the build's set-up (clone, image pull, container). Once the log is {@link #complete}, a line of the
     * clean-up: it goes to the listener's {@link BuildListener#afterFinish}, not into the log.
     */
    void system(String line) {
        if (complete) {
            out.afterFinish(mask(line));
            return;
        }
        emit(BuildListener.SETUP, LogStream.SYSTEM, (mask(line) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A line of Ocelot's own in a stage's log (a stop, a signal). */
    void stageSystem(int index, String line) {
        emit(index, LogStream.SYSTEM, ("ocelot: " + mask(line) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Into the build's log, through the masker of the merged log (which may hold back a possible secret). */
    void emit(int index, LogStream stream, byte[] data) {
        synchronized (logMasker) {
            if (complete) {
                return; // a straggler (a service's last output) after the outcome went out: the log is closed
            }
            for (BuildLogMasker.Piece p : logMasker.push(index, stream, data)) {
                out.log(p.stage(), p.stream(), p.data());
            }
        }
    }

    String mask(String s) {
        return SecretMasker.maskAll(secretValues, s);
    }

    /**
     * At the end of the build, before its outcome goes out: what the merged log's masker still holds back, and from
     * then on nothing more goes into the log.
     */
    void complete() {
        synchronized (logMasker) {
            if (!complete) {
                logMasker.flush().forEach(p -> out.log(p.stage(), p.stream(), p.data()));
                complete = true;
            }
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
        /** Per stream, the end of a line not yet passed on ({@code wholeLines} only). */
        private final Map<LogStream, java.io.ByteArrayOutputStream> partial = new HashMap<>();
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
                emit(index, stream, wholeLines ? lines(stream, safe) : safe);
            }
        }

        /** What of {@code data} ends a line (with what was held before it); the rest is held. */
        private byte[] lines(LogStream stream, byte[] data) {
            java.io.ByteArrayOutputStream held = partial.computeIfAbsent(stream, s -> new java.io.ByteArrayOutputStream());
            int lastNewline = -1;
            for (int i = data.length - 1; i >= 0; i--) {
                if (data[i] == '\n') {
                    lastNewline = i;
                    break;
                }
            }
            if (lastNewline < 0) {
                held.writeBytes(data);
                if (held.size() <= HELD_LINE_MAX) {
                    return new byte[0];
                }
                byte[] all = held.toByteArray();
                held.reset();
                return all;
            }
            held.write(data, 0, lastNewline + 1);
            byte[] out = held.toByteArray();
            held.reset();
            held.write(data, lastNewline + 1, data.length - lastNewline - 1);
            return out;
        }

        synchronized void close() {
            closed = true;
            maskers.forEach((stream, m) -> {
                byte[] tail = m.flush();
                java.io.ByteArrayOutputStream held = partial.remove(stream);
                if (held != null && held.size() > 0) {
                    held.writeBytes(tail);
                    tail = held.toByteArray();
                }
                emit(index, stream, tail);
            });
        }
    }
}
