package io.ocelot.werker.engine;

import org.junit.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.Assert.assertEquals;

public class SecretMaskerTest {
    private static String stream(List<String> secrets, String... chunks) {
        SecretMasker m = new SecretMasker(secrets);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String c : chunks) {
            out.writeBytes(m.push(c.getBytes(StandardCharsets.UTF_8)));
        }
        out.writeBytes(m.flush());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void masksWholeSecrets() {
        assertEquals("token=**** and ****\n", stream(List.of("s3cret"), "token=s3cret and s3cret\n"));
    }

    @Test
    public void masksASecretSplitAcrossChunks() {
        assertEquals("a **** b", stream(List.of("s3cret"), "a s3", "cr", "et b"));
        assertEquals("****", stream(List.of("s3cret"), "s", "3", "c", "r", "e", "t"));
    }

    @Test
    public void holdsBackOnlyWhatCouldStillBeASecret() {
        SecretMasker m = new SecretMasker(List.of("s3cret"));
        assertEquals("hello ", new String(m.push("hello s3c".getBytes()), StandardCharsets.UTF_8));
        assertEquals("s3cx", new String(m.push("x".getBytes()), StandardCharsets.UTF_8));
        assertEquals("", new String(m.flush(), StandardCharsets.UTF_8));
    }

    @Test
    public void aPrefixLeftAtTheEndIsFlushedAsItIs() {
        assertEquals("ends with s3c", stream(List.of("s3cret"), "ends with s3c"));
    }

    @Test
    public void theLongerOfTwoOverlappingSecretsWins() {
        assertEquals("****!", stream(List.of("abc", "abcdef"), "abc", "def!"));
        assertEquals("****x", stream(List.of("abc", "abcdef"), "abcx"));
        assertEquals("****", stream(List.of("abc", "abcdef"), "ab", "c"));
    }

    @Test
    public void multiByteSecretsSplitInsideACharacter() {
        byte[] s = "pässwörd".getBytes(StandardCharsets.UTF_8);
        SecretMasker m = new SecretMasker(List.of("pässwörd"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(m.push(new byte[]{'>', s[0], s[1], s[2]}));  // cuts 'ä' in half
        out.writeBytes(m.push(java.util.Arrays.copyOfRange(s, 3, s.length)));
        out.writeBytes(m.push("<".getBytes()));
        out.writeBytes(m.flush());
        assertEquals(">****<", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void noSecretsMeansNoChange() {
        assertEquals("plain", stream(List.of(), "pl", "ain"));
        assertEquals("plain", stream(java.util.Arrays.asList("", null), "plain"));
    }

    @Test
    public void maskAllMasksMessages() {
        assertEquals("clone failed for ****@host", SecretMasker.maskAll(List.of("tok"), "clone failed for tok@host"));
    }

    @Test
    public void aMultiLineSecretIsMaskedLineByLine() {
        String key = "-----BEGIN KEY-----\r\nAAAAline1secret\n  BBBBline2secret\n}\n-----END KEY-----";
        assertEquals("KEY=****\n", stream(List.of(key), "KEY=" + key + "\n"));
        // env | grep, tail -1: one line at a time, indentation or not; a short line alone ("}") is left as it is
        assertEquals("****\nx ****\n}\n", stream(List.of(key), "AAAAline1sec", "ret\nx BBBBline2secret\n}\n"));
        assertEquals("****\n", stream(List.of(key), "  BBBBline2secret\n"));
    }

    @Test
    public void theMergedLogMaskerMasksASecretSplitAcrossStreamsAndStages() {
        BuildLogMasker m = new BuildLogMasker(List.of("s3cretValue"));
        StringBuilder stored = new StringBuilder();
        String[] last = {""};
        java.util.function.Consumer<List<BuildLogMasker.Piece>> store = ps -> ps.forEach(p -> {
            String source = "[" + p.stage() + " " + p.stream() + "]";
            stored.append(source.equals(last[0]) ? "" : source).append(new String(p.data(), StandardCharsets.UTF_8));
            last[0] = source;
        });
        var out = io.ocelot.core.protocol.Messages.LogStream.STDOUT;
        var err = io.ocelot.core.protocol.Messages.LogStream.STDERR;
        store.accept(m.push(0, out, "a s3cr".getBytes()));
        store.accept(m.push(0, err, "etValue b\n".getBytes())); // half on stdout, half on stderr
        store.accept(m.push(0, out, "x s3cretV".getBytes()));
        store.accept(m.push(1, out, "alue y\n".getBytes()));   // one stage begins it, the next ends it
        store.accept(m.push(1, err, "s3c".getBytes()));
        store.accept(m.flush());
        assertEquals("[0 STDOUT]a ****[0 STDERR] b\n[0 STDOUT]x ****[1 STDOUT] y\n[1 STDERR]s3c", stored.toString());
    }
}
