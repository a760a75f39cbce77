package com.atlassian.soy.renderer;

/** Compile-only declaration (atlassian-api-notes.md: declared unchecked, caught explicitly). */
public class SoyException extends RuntimeException {
    public SoyException(String message) {
        super(message);
    }

    public SoyException(String message, Throwable cause) {
        super(message, cause);
    }
}
