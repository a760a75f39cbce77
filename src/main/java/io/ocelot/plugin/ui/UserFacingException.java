package io.ocelot.plugin.ui;

import java.util.List;

/**
 * A refusal the user can act on, with words that say what is wrong. The REST layer maps {@link Kind} to a status
 * (400, 401, 403, 404, 409) and the pages show the message. Ports throw it too (no such build, commit, branch).
 */
public class UserFacingException extends RuntimeException {
    public enum Kind { BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT }

    private final Kind kind;
    private final List<String> candidates;

    public UserFacingException(Kind kind, String message) {
        this(kind, message, List.of());
    }

    public UserFacingException(Kind kind, String message, List<String> candidates) {
        super(message);
        this.kind = kind;
        this.candidates = List.copyOf(candidates);
    }

    public Kind kind() {
        return kind;
    }

    /** The choices when a reference was ambiguous (CONFLICT), else empty. */
    public List<String> candidates() {
        return candidates;
    }

    public static UserFacingException notFound(String message) {
        return new UserFacingException(Kind.NOT_FOUND, message);
    }

    public static UserFacingException conflict(String message) {
        return new UserFacingException(Kind.CONFLICT, message);
    }

    public static UserFacingException badRequest(String message) {
        return new UserFacingException(Kind.BAD_REQUEST, message);
    }
}
