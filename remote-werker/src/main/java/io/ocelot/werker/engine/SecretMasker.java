package io.ocelot.werker.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces every occurrence of a secret value with {@code ****} in a byte stream that arrives in arbitrary chunks.
 * A secret may be split across two chunks, so the masker holds back a tail that could still be the beginning of a
 * secret (fewer bytes than the longest secret) until the next chunk or {@link #flush()} decides it.
 * One instance per stream (stdout and stderr of a stage each get their own; {@link BuildLogMasker} masks the
 * merged log of the whole build on top). Not thread-safe.
 * Matching is on UTF-8 bytes; where two secrets could match at one place the longer wins.
 *
 * <p>A multi-line value (a key, a certificate) is also masked line by line: {@code env | grep KEY} or
 * {@code tail -1} print one line of it at a time, which the whole value never matches. Lines shorter than
 * {@link #MIN_LINE_PART} characters (after trimming) are not masked on their own: {@code }}, {@code --} or an empty
 * line would mask ordinary output everywhere and reveal nothing.
 */
public final class SecretMasker {
    public static final byte[] MASK = "****".getBytes(StandardCharsets.US_ASCII);
    public static final int MIN_LINE_PART = 4;

    private final byte[][] secrets; // longest first
    private byte[] pending = new byte[0];

    public SecretMasker(Collection<String> secretValues) {
        this.secrets = patterns(secretValues);
    }

    /** The byte patterns to mask for these values, longest first: each value and each line of a multi-line value. */
    static byte[][] patterns(Collection<String> secretValues) {
        Set<String> all = new LinkedHashSet<>();
        for (String s : secretValues) {
            if (s == null || s.isEmpty()) {
                continue;
            }
            all.add(s);
            if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                for (String line : s.split("\r\n|\r|\n")) {
                    String trimmed = line.strip();
                    if (trimmed.length() >= MIN_LINE_PART) {
                        all.add(line);
                        all.add(trimmed);
                    }
                }
            }
        }
        return all.stream()
                .filter(Objects::nonNull)
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .sorted(Comparator.comparingInt((byte[] b) -> b.length).reversed())
                .toArray(byte[][]::new);
    }

    /** Masks a complete text at once (messages, reasons). */
    public static String maskAll(Collection<String> secretValues, String text) {
        if (text == null) {
            return null;
        }
        SecretMasker m = new SecretMasker(secretValues);
        byte[] a = m.push(text.getBytes(StandardCharsets.UTF_8));
        byte[] b = m.flush();
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return new String(all, StandardCharsets.UTF_8);
    }

    /** Returns the bytes that are safe to emit now (possibly empty), keeping back a possible partial secret. */
    public byte[] push(byte[] chunk) {
        if (secrets.length == 0) {
            return chunk.clone();
        }
        byte[] buf = new byte[pending.length + chunk.length];
        System.arraycopy(pending, 0, buf, 0, pending.length);
        System.arraycopy(chunk, 0, buf, pending.length, chunk.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(buf.length + 8);
        int end = scan(secrets, buf, false, into(buf, out));
        pending = Arrays.copyOfRange(buf, end, buf.length);
        return out.toByteArray();
    }

    /** Emits the held-back tail (masked where it holds a whole secret): call at the end of the stream. */
    public byte[] flush() {
        byte[] rest = pending;
        pending = new byte[0];
        if (rest.length == 0) {
            return rest;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(rest.length + 8);
        scan(secrets, rest, true, into(rest, out));
        return out.toByteArray();
    }

    private static Sink into(byte[] buf, ByteArrayOutputStream out) {
        return new Sink() {
            @Override
            public void keep(int i) {
                out.write(buf[i]);
            }

            @Override
            public void mask(int from, int length) {
                out.writeBytes(MASK);
            }
        };
    }

    /** Receives the verdict on each position of a scanned buffer, in order. */
    interface Sink {
        /** The byte at {@code i} is not part of a secret. */
        void keep(int i);

        /** The bytes {@code from .. from+length} are a secret. */
        void mask(int from, int length);
    }

    /**
     * Scans {@code buf} with {@code secrets} (longest first), telling {@code sink} what to keep and what to mask;
     * returns where it stopped: {@code buf.length}, or the start of a tail that could still become a secret.
     */
    static int scan(byte[][] secrets, byte[] buf, boolean endOfStream, Sink sink) {
        int i = 0;
        while (i < buf.length) {
            int matched = matchAt(secrets, buf, i, endOfStream);
            if (matched < 0) {
                return i; // the rest could still become a secret: wait for more bytes
            }
            if (matched > 0) {
                sink.mask(i, matched);
                i += matched;
            } else {
                sink.keep(i);
                i++;
            }
        }
        return i;
    }

    /**
     * Length of the secret matching at {@code i}; 0 if none; -1 if the buffer ends inside a possible match of a
     * secret at least as long as any full match here (so waiting could change the answer).
     */
    private static int matchAt(byte[][] secrets, byte[] buf, int i, boolean endOfStream) {
        int avail = buf.length - i;
        for (byte[] s : secrets) { // longest first
            if (s.length <= avail) {
                if (Arrays.equals(buf, i, i + s.length, s, 0, s.length)) {
                    return s.length;
                }
            } else if (!endOfStream && Arrays.equals(buf, i, buf.length, s, 0, avail)) {
                return -1;
            }
        }
        return 0;
    }
}
