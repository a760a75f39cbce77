package io.ocelot.plugin.ui;

import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.BuildSummary;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reading builds for people: the build list, the build page, {@code ocelot status} and {@code logs}. Implemented by
 * the plugin core over its store. "Newest first" means by queue time, then by id, descending. Permissions are not
 * this port's business: callers check them before and filter after.
 */
public interface BuildReadModel {

    /** Builds of these repositories matching the filter, newest first, at most {@code limit}. */
    List<BuildSummary> recentBuilds(Collection<RepositoryName> repositories, BuildFilter filter, int limit);

    /**
     * Builds (of any repository) whose commit hash starts with {@code hashPrefix} (lower-case hex, 4–40 chars),
     * newest first, at most {@code limit}.
     */
    List<BuildSummary> buildsByCommitPrefix(String hashPrefix, int limit);

    /** A build with its stages, its end message and the notifications sent for it. */
    Optional<BuildDetail> build(long buildId);

    /**
     * Up to about {@code maxBytes} bytes of the build's log from byte {@code offset}, as stored chunks (each chunk of one
     * stage and stream). May return less than asked, never bytes before {@code offset}; a chunk that starts before
     * {@code offset} is cut. Empty when {@code offset >= length}.
     * @throws UserFacingException NOT_FOUND for an unknown build
     */
    default LogSlice log(long buildId, long offset, int maxBytes) {
        return log(buildId, 0, offset, maxBytes);
    }

    /**
     * The same from the log of attempt {@code attempt} (1 the first lease, 2 after a requeue...; 0 the current one).
     * An earlier attempt's log is over: {@code finished} is true for it.
     * @throws UserFacingException NOT_FOUND for an unknown build; BAD_REQUEST for an attempt the build never had
     */
    LogSlice log(long buildId, int attempt, long offset, int maxBytes);

    /**
     * Raw log bytes. {@code length}: bytes held so far; {@code finished}: the build has ended, so no more will come
     * (the werker's final log length has been received).
     */
    record LogSlice(List<RawChunk> chunks, long length, boolean finished) {
        public LogSlice {
            chunks = List.copyOf(chunks);
        }
    }

    /** {@code stream}: STDOUT, STDERR or SYSTEM (Ocelot's own lines: "pulling image", "stage 2 started"). */
    record RawChunk(long offset, int stage, String stream, byte[] data) {
    }
}
