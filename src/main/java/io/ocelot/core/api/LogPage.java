package io.ocelot.core.api;

import java.util.List;

/**
 * A page of a build log from byte {@code offset}. Offsets count bytes of the whole log (UTF-8), exactly as the werker
 * sent them, so a client asks for the next page with {@code nextOffset}. A page never ends inside a UTF-8 sequence.
 * {@code complete}: the build is finished and {@code nextOffset == length}, so a tail can stop polling.
 */
public record LogPage(long buildId, long offset, long nextOffset, long length, boolean complete, List<Chunk> chunks) {
    public LogPage {
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }

    /** Contiguous text of one stage and stream ({@code STDOUT}, {@code STDERR}, {@code SYSTEM}) starting at {@code offset}. */
    public record Chunk(long offset, int stage, String stream, String text) {
    }
}
