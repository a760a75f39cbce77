package io.ocelot.plugin.ui.store;

import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.LogChunk;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.LogStore;
import io.ocelot.plugin.ui.BuildAttempts;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.UserFacingException;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link BuildAttempts} over the AO store: the current attempt is read as {@link StoreBuildReadModel} reads it; an
 * earlier one from its own stored chunks (which a requeue keeps), its cap banner, if any, last.
 */
@Named
public class StoreBuildAttempts implements BuildAttempts {
    private static final int CHUNKS_PER_READ = 64;
    private final BuildStore builds;
    private final LogStore logs;
    private final BuildReadModel current;

    @Inject
    public StoreBuildAttempts(BuildStore builds, LogStore logs, StoreBuildReadModel current) {
        this.builds = builds;
        this.logs = logs;
        this.current = current;
    }

    @Override
    public int attempts(long buildId) {
        return find(buildId).attempt();
    }

    @Override
    public BuildReadModel.LogSlice log(long buildId, int attempt, long offset, int maxBytes) {
        Build b = find(buildId);
        if (attempt < 1 || attempt > b.attempt()) {
            throw UserFacingException.notFound("Build " + buildId + " has no attempt " + attempt + ".");
        }
        if (attempt == b.attempt()) {
            return current.log(buildId, offset, maxBytes);
        }
        List<BuildReadModel.RawChunk> out = new ArrayList<>();
        long pos = offset;
        long budget = maxBytes;
        long length = offset;
        boolean more = true;
        while (more && budget > 0) {
            List<LogChunk> chunks = logs.read(buildId, attempt, pos, CHUNKS_PER_READ);
            more = chunks.size() == CHUNKS_PER_READ;
            for (LogChunk c : chunks) {
                if (c.start() != pos || budget <= 0) {
                    more = false;
                    break;
                }
                int n = (int) Math.min(budget, c.data().length);
                out.add(new BuildReadModel.RawChunk(pos, c.stage(), c.stream().name(), Arrays.copyOf(c.data(), n)));
                pos += n;
                budget -= n;
                if (c.start() == c.end()) {
                    more = false; // the cap banner: stored last
                    break;
                }
            }
            length = pos;
        }
        long total = budget > 0 ? length : Math.max(length, storedLength(buildId, attempt));
        return new BuildReadModel.LogSlice(out, total, true);
    }

    /** Bytes of an earlier attempt, banner included (only asked when a page did not reach the end). */
    private long storedLength(long buildId, int attempt) {
        return logs.readAll(buildId, attempt).length;
    }

    private Build find(long buildId) {
        return builds.find(buildId).orElseThrow(() -> UserFacingException.notFound("Build " + buildId + " does not exist."));
    }
}
