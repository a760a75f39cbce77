package io.ocelot.plugin.werker;

/** A werker call refused, with the HTTP status the REST resource answers and a message for the werker's log. */
public class WerkerApiException extends RuntimeException {
    private final int status;
    private final Long retryAfterSeconds;

    public WerkerApiException(int status, String message) {
        this(status, message, null);
    }

    private WerkerApiException(int status, String message, Long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** For a 429: when to try again (the {@code Retry-After} header); null otherwise. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static WerkerApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new WerkerApiException(429, message, retryAfterSeconds);
    }

    public static WerkerApiException badRequest(String message) {
        return new WerkerApiException(400, message);
    }

    public static WerkerApiException unauthorized(String message) {
        return new WerkerApiException(401, message);
    }

    public static WerkerApiException notFound(String message) {
        return new WerkerApiException(404, message);
    }

    /** The lease is not (or no longer) the werker's: it must stop that build. */
    public static WerkerApiException staleLease(String message) {
        return new WerkerApiException(409, message);
    }
}
