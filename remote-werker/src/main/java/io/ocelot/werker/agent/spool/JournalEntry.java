package io.ocelot.werker.agent.spool;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.StageUpdate;

/**
 * One line of a build's spool journal ({@code <spool>/<build>/journal}, JSON lines). The log bytes themselves are in
 * {@code <spool>/<build>/log}; the journal says which stage and stream each byte range belongs to and where, relative
 * to the log, each stage update and the finish happened — enough to replay the build to the plugin in order.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JournalEntry.Header.class, name = "header"),
        @JsonSubTypes.Type(value = JournalEntry.Segment.class, name = "segment"),
        @JsonSubTypes.Type(value = JournalEntry.Stage.class, name = "stage"),
        @JsonSubTypes.Type(value = JournalEntry.Finish.class, name = "finish"),
})
sealed interface JournalEntry {
    /** First line: which build and lease the spool belongs to (no secrets: the lease id is useless without the token). */
    record Header(long buildId, LeaseRef lease, String repository, String commit) implements JournalEntry {
    }

    /** Log bytes from {@code from} on belong to this stage and stream, up to the next segment. */
    record Segment(long from, int stage, LogStream stream) implements JournalEntry {
    }

    /** A stage update, to be delivered after the first {@code logMark} log bytes. */
    record Stage(long logMark, StageUpdate update) implements JournalEntry {
    }

    /** The build ended; the whole log is {@code logLength} bytes. */
    record Finish(long logLength, BuildResult result, String message) implements JournalEntry {
    }
}
