package io.ocelot.plugin.werker;

/** A werker call refused, with the HTTP status the REST resource answers and a message for the werker's log. */
public class WerkerApiException extends RuntimeException {
    private final int status;

    public WerkerApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
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
