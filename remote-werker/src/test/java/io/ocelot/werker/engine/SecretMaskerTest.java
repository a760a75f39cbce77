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
}
