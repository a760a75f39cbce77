package io.ocelot.plugin.build;

import io.ocelot.core.protocol.Messages.LogStream;

/** A stored range [start, end) of a build attempt's log; the cap banner has start == end and SYSTEM stream. */
public record LogChunk(long buildId, int attempt, long start, long end, int stage, LogStream stream, byte[] data) {
}
