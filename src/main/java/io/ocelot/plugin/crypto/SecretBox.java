package io.ocelot.plugin.crypto;


import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * AES-256-GCM for secrets kept in the database. Each value gets a fresh 96-bit nonce; {@code context} (e.g. the
 * setting's key) is bound as associated data so a ciphertext copied to another setting does not decrypt.
 * Output: "v1:" + base64(nonce || ciphertext+tag).
 */
public class SecretBox {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySource keys;

    public SecretBox(SecretKeySource keys) {
        this.keys = keys;
    }

    public String seal(String plaintext, String context) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce, context);
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    public String open(String sealed, String context) {
        if (!sealed.startsWith("v1:")) {
            throw new IllegalArgumentException("not an Ocelot sealed value");
        }
        byte[] all = Base64.getDecoder().decode(sealed.substring(3));
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(all, 12), context);
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt a stored secret (wrong key file, or tampered)", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(keys.key(), "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
