package io.ocelot.werker.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * Replaces every occurrence of a secret value with {@code ****} in a byte stream that arrives in arbitrary chunks.
 * A secret may be split across two chunks, so the masker holds back a tail that could still be the beginning of a
 * secret (fewer bytes than the longest secret) until the next chunk or {@link #flush()} decides it.
 * One instance per stream (stdout and stderr of a stage each get their own). Not thread-safe.
 * Matching is on UTF-8 bytes; where two secrets could match at one place the longer wins.
 */
public final class SecretMasker {
    public static final byte[] MASK = "****".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] secrets; // longest first
    private byte[] pending = new byte[0];

    public SecretMasker(Collection<String> secretValues) {
        this.secrets = secretValues.stream()
                .filter(Objects::nonNull)
                .filter(s -> !s.isEmpty())
                .distinct()
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
        int end = scan(buf, out, false);
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
        scan(rest, out, true);
        return out.toByteArray();
    }

    /** Writes masked bytes of {@code buf} to {@code out}; returns where it stopped (buf.length unless waiting). */
    private int scan(byte[] buf, ByteArrayOutputStream out, boolean endOfStream) {
        int i = 0;
        while (i < buf.length) {
            int matched = matchAt(buf, i, endOfStream);
            if (matched < 0) {
                return i; // the rest could still become a secret: wait for more bytes
            }
            if (matched > 0) {
                out.writeBytes(MASK);
                i += matched;
            } else {
                out.write(buf[i]);
                i++;
            }
        }
        return i;
    }

    /**
     * Length of the secret matching at {@code i}; 0 if none; -1 if the buffer ends inside a possible match of a
     * secret at least as long as any full match here (so waiting could change the answer).
     */
    private int matchAt(byte[] buf, int i, boolean endOfStream) {
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
