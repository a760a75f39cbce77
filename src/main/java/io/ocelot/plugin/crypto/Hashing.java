package io.ocelot.plugin.crypto;


import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.SecretKeySpec;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How Ocelot keeps secrets it only needs to recognise. Werker tokens are 256 random bits, so a plain SHA-256 is
 * enough (nothing to brute-force) and lets the token be looked up by its hash. The registration secret is chosen
 * by a person, so it gets a salted, slow PBKDF2 hash.
 */
public final class Hashing {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PBKDF2_ROUNDS = 210_000;

    private Hashing() {
    }

    /** A fresh random token: 256 bits, URL-safe base64, with a prefix that makes a leaked one recognisable. */
    public static String newToken(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * HMAC-SHA256 of {@code value} under {@code key}, hex: a fast check of a person-chosen secret that a copy of the
     * database alone does not let anyone brute-force, because the key is kept outside it ({@link SecretKeySource}).
     */
    public static String keyedHash(byte[] key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Equal strings, compared in time that does not depend on where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** "pbkdf2$rounds$salt$hash" (base64). */
    public static String slowHash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2$" + PBKDF2_ROUNDS + "$" + b64(salt) + "$" + b64(pbkdf2(secret, salt, PBKDF2_ROUNDS));
    }

    public static boolean matchesSlowHash(String secret, String stored) {
        if (secret == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2")) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = pbkdf2(secret, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int rounds) {
        try {
            PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, rounds, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
