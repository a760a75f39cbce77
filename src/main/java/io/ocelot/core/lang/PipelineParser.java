package io.ocelot.core.lang;

/** PLACEHOLDER signature: reads and validates an ocelot.yml. */
public final class PipelineParser {
    /** Reads {@code content} (raw bytes, any encoding problem is reported) named {@code fileName} in problems. */
    public static ParseResult parse(String fileName, byte[] content) {
        throw new UnsupportedOperationException("not yet");
    }
}
