package io.ocelot.core.lang;

/**
 * One thing wrong (or worth a warning) in an ocelot.yml, at a place a user can go to.
 * {@link #toString()} is the line users see: {@code FILE:LINE:COLUMN: message} (1-based line and column).
 */
public record Problem(String file, int line, int column, Severity severity, String message) {
    public enum Severity { ERROR, WARNING }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
