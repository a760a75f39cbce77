package io.ocelot.werker.engine;

import io.ocelot.core.protocol.Messages.LogStream;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Masks secrets over the build's whole log as it is stored: stdout, stderr and the engine's own lines interleaved in
 * the order they are written, across stage boundaries. The per-stream {@link SecretMasker}s cannot see a secret a
 * stage writes half to stdout and half to stderr, or one stage begins and the next ends; the stored log would hold
 * it whole. This masker keeps back a tail that could still become a secret even when the next bytes belong to
 * another stream or stage; a secret is replaced by {@code ****} attributed to the stage and stream its first byte
 * came from. Not thread-safe: the engine calls it under one lock.
 */
public final class BuildLogMasker {
    /** Bytes to write to the log, all of one stage and stream. */
    public record Piece(int stage, LogStream stream, byte[] data) {
    }

    private record Source(int stage, LogStream stream) {
    }

    private final byte[][] secrets;
    private final List<Source> sources = new ArrayList<>();
    private byte[] pending = new byte[0];
    private int[] pendingSource = new int[0]; // index into sources, per pending byte

    public BuildLogMasker(Collection<String> secretValues) {
        this.secrets = SecretMasker.patterns(secretValues);
    }

    /** The pieces safe to write now, in order (possibly none); keeps back what could still become a secret. */
    public List<Piece> push(int stage, LogStream stream, byte[] data) {
        if (data.length == 0) {
            return List.of();
        }
        if (secrets.length == 0) {
            return List.of(new Piece(stage, stream, data.clone()));
        }
        int source = sourceOf(stage, stream);
        byte[] buf = Arrays.copyOf(pending, pending.length + data.length);
        System.arraycopy(data, 0, buf, pending.length, data.length);
        int[] from = Arrays.copyOf(pendingSource, buf.length);
        Arrays.fill(from, pending.length, buf.length, source);
        Pieces out = new Pieces(buf, from);
        int end = SecretMasker.scan(secrets, buf, false, out);
        pending = Arrays.copyOfRange(buf, end, buf.length);
        pendingSource = Arrays.copyOfRange(from, end, buf.length);
        return out.done();
    }

    /** Writes out what was kept back (the end of the build's log). */
    public List<Piece> flush() {
        byte[] buf = pending;
        int[] from = pendingSource;
        pending = new byte[0];
        pendingSource = new int[0];
        if (buf.length == 0) {
            return List.of();
        }
        Pieces out = new Pieces(buf, from);
        SecretMasker.scan(secrets, buf, true, out);
        return out.done();
    }

    private int sourceOf(int stage, LogStream stream) {
        Source s = new Source(stage, stream);
        int i = sources.indexOf(s);
        if (i >= 0) {
            return i;
        }
        sources.add(s);
        return sources.size() - 1;
    }

    /** Collects the scan's verdicts into pieces, one per run of bytes of the same source. */
    private final class Pieces implements SecretMasker.Sink {
        private final byte[] buf;
        private final int[] from;
        private final List<Piece> pieces = new ArrayList<>();
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private int currentSource = -1;

        Pieces(byte[] buf, int[] from) {
            this.buf = buf;
            this.from = from;
        }

        @Override
        public void keep(int i) {
            switchTo(from[i]);
            current.write(buf[i]);
        }

        @Override
        public void mask(int start, int length) {
            switchTo(from[start]);
            current.writeBytes(SecretMasker.MASK);
        }

        private void switchTo(int source) {
            if (source != currentSource) {
                cut();
                currentSource = source;
            }
        }

        private void cut() {
            if (current.size() > 0) {
                Source s = sources.get(currentSource);
                pieces.add(new Piece(s.stage(), s.stream(), current.toByteArray()));
                current.reset();
            }
        }

        List<Piece> done() {
            cut();
            return pieces;
        }
    }
}
