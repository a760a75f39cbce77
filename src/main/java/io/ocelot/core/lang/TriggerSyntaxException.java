package io.ocelot.core.lang;

/** A mistake in a trigger directive, at {@code offset} (0-based) inside the directive text. */
public final class TriggerSyntaxException extends Exception {
    private final int offset;

    public TriggerSyntaxException(int offset, String message) {
        super(message, null, false, false);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
