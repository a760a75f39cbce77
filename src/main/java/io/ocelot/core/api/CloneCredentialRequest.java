package io.ocelot.core.api;

/**
 * What an admin sends to set how werkers clone: {@code kind} "http" with {@code username} and {@code token} (a
 * read-only service account's HTTP access token), or "ssh" with {@code privateKey} (OpenSSH or PEM text). Optional
 * {@code urlTemplate}: the clone URL with {@code {project}} / {@code {PROJECT}} / {@code {slug}} placeholders (an SSH
 * key needs an SSH URL); absent keeps the one set before.
 */
public record CloneCredentialRequest(String kind, String username, String token, String privateKey, String urlTemplate) {
    public static final String HTTP = "http";
    public static final String SSH = "ssh";

    public static CloneCredentialRequest http(String username, String token) {
        return new CloneCredentialRequest(HTTP, username, token, null, null);
    }

    public static CloneCredentialRequest ssh(String privateKey) {
        return new CloneCredentialRequest(SSH, null, null, privateKey, null);
    }

    public CloneCredentialRequest withUrlTemplate(String template) {
        return new CloneCredentialRequest(kind, username, token, privateKey, template);
    }

    @Override
    public String toString() { // never log the secret
        return "CloneCredentialRequest[kind=" + kind + ", username=" + username + ", token=" + (token == null ? "none" : "****")
                + ", privateKey=" + (privateKey == null ? "none" : "****") + ", urlTemplate=" + urlTemplate + "]";
    }
}
