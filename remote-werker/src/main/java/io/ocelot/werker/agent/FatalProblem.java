package io.ocelot.werker.agent;

/** A problem that stops the werker (exit 3): refused registration, revoked token. */
final class FatalProblem extends RuntimeException {
    FatalProblem(String message) {
        super(message);
    }
}
