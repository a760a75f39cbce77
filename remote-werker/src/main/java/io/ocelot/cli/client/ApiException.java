package io.ocelot.cli.client;

import java.util.List;

/** The server answered with an error: its status and its words (and the choices, for an ambiguous reference). */
public final class ApiException extends RuntimeException {
    private final int status;
    private final List<String> candidates;

    public ApiException(int status, String message, List<String> candidates) {
        super(message);
        this.status = status;
        this.candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    public int status() {
        return status;
    }

    public List<String> candidates() {
        return candidates;
    }
}
