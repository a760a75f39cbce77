package io.ocelot.cli.client;

/** The server could not be reached, or answered something that is not Ocelot (5xx, HTML, wrong address). */
public final class UnreachableException extends RuntimeException {
    public UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
