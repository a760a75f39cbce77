package io.ocelot.plugin.web;

import io.ocelot.core.api.LogPage;
import io.ocelot.plugin.ui.BuildAttempts;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.UserFacingException;
import io.ocelot.plugin.ui.LogPages;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one attempt of a build's log for the pages: as text for the stage sections (up to {@link #PAGE_BYTES}; the
 * download has the rest) and as the stored bytes for the download, streamed slice by slice so a large log never sits
 * in memory whole. Attempt 0 means the current one.
 */
final class BuildLogs {
    /** How much of a log the build page renders; longer logs are cut there with a pointer to the download. */
    static final int PAGE_BYTES = 1 << 20;
    private static final int SLICE = 256 * 1024;

    private final BuildReadModel builds;
    private final BuildAttempts attempts;

    BuildLogs(BuildReadModel builds, BuildAttempts attempts) {
        this.builds = builds;
        this.attempts = attempts;
    }

    /** The text of the first {@link #PAGE_BYTES} of the log; {@code cut}: there is more. */
    record Text(List<LogPage.Chunk> chunks, boolean cut) {
    }

    Text text(long buildId, int attempt) {
        List<LogPage.Chunk> out = new ArrayList<>();
        long offset = 0;
        while (offset < PAGE_BYTES) {
            BuildReadModel.LogSlice slice = slice(buildId, attempt, offset, (int) Math.min(SLICE, PAGE_BYTES - offset));
            LogPage page = LogPages.page(buildId, offset, slice);
            out.addAll(page.chunks());
            if (page.nextOffset() <= offset) {
                return new Text(out, false);
            }
            offset = page.nextOffset();
            if (offset >= slice.length()) {
                return new Text(out, false);
            }
        }
        return new Text(out, true);
    }

    /** Writes the stored bytes of the log as they are (UTF-8 as the werker sent it). */
    void copy(long buildId, int attempt, OutputStream out) throws IOException {
        long offset = 0;
        while (true) {
            BuildReadModel.LogSlice slice = slice(buildId, attempt, offset, SLICE);
            long before = offset;
            for (BuildReadModel.RawChunk c : slice.chunks()) {
                if (c.offset() != offset) {
                    return; // a gap the store does not hold (yet): the download ends where the held log does
                }
                out.write(c.data());
                offset += c.data().length;
            }
            if (offset == before || offset >= slice.length()) {
                return;
            }
        }
    }

    private BuildReadModel.LogSlice slice(long buildId, int attempt, long offset, int max) {
        if (attempt != 0 && (attempt < 1 || attempt > attempts.attempts(buildId))) {
            throw UserFacingException.notFound("Build " + buildId + " has no attempt " + attempt + ".");
        }
        return builds.log(buildId, attempt, offset, max); // 0: the current attempt

    }
}
