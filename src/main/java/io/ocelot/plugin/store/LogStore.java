package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.plugin.build.LogChunk;
import net.java.ao.Query;

import javax.inject.Inject;
import javax.inject.Named;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Build logs as chunks addressed by byte offset within one attempt. Appends are idempotent: the store holds a
 * contiguous prefix of the werker's log (BUILD.LOG_LENGTH); a range starting past it is a gap and is not stored, a
 * range ending inside it is a repeat, and an overlapping range stores only its new tail. Every reply is the
 * offset held, so the werker knows where to resume. Past the cap one SYSTEM banner chunk is stored and further bytes
 * are acknowledged but dropped: the build goes on.
 */
@Named
public class LogStore {
    private final ActiveObjects ao;

    @Inject
    public LogStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    public static String capBanner(long capBytes) {
        return "\n[ocelot] The log of this build passed its limit of " + humanBytes(capBytes)
                + "; later output is not stored. The build goes on.\n";
    }

    /**
     * Appends {@code data} found at {@code offset} of the attempt's log, under the werker's lease; returns the offset
     * now held, or empty when {@code leaseId} is not the build's current lease (the werker was declared lost and the
     * build requeued, maybe leased again: a late append of the old attempt must not touch the new attempt's log).
     *
     * <p>Two appends of one build can run at once (a werker retrying an append that timed out while the first is
     * still being stored), and they race heartbeats and the reaper, which write the same build row. The database
     * then refuses one transaction (a unique {@code CHUNK_KEY}, or a serialization failure on the build row); the
     * loser tries again from the offset now held — which the winner usually already covers, so the retry is a
     * repeat — and, if it keeps losing, answers the offset held: the werker resends from there. Never an error,
     * never a range stored twice.
     */
    public OptionalLong append(long buildId, int attempt, String leaseId, long offset, int stage,
                                         LogStream stream, byte[] data, long capBytes) {
        for (int tries = 1; ; tries++) {
            try {
                return ao.executeInTransaction(() -> store(buildId, attempt, leaseId, offset, stage, stream, data,
                        capBytes));
            } catch (RuntimeException e) {
                if (!DatabaseConflict.is(e)) {
                    throw e;
                }
                if (tries == MAX_TRIES) {
                    BuildEntity b = ao.get(BuildEntity.class, EntityIds.key(buildId));
                    return BuildRowLock.holds(b, attempt, leaseId) ? OptionalLong.of(b.getLogLength())
                            : OptionalLong.empty();
                }
            }
        }
    }

    private static final int MAX_TRIES = 3;

    private OptionalLong store(long buildId, int attempt, String leaseId, long offset, int stage,
                                         LogStream stream, byte[] data, long capBytes) {
        BuildEntity b = BuildRowLock.lock(ao, buildId);
        if (!BuildRowLock.holds(b, attempt, leaseId)) {
            return OptionalLong.empty();
        }
        long held = b.getLogLength();
        long end = offset + data.length;
        if (offset > held || end <= held) {
            return OptionalLong.of(held); // a gap (resend from held) or a repeat
        }
        int skip = (int) (held - offset);
        int fresh = data.length - skip;
        long stored = b.getLogStored();
        if (!b.isLogCapped()) {
            int keep = (int) Math.min(fresh, Math.max(0, capBytes - stored));
            if (keep > 0) {
                chunk(buildId, attempt, held, held + keep, stage, stream,
                        Arrays.copyOfRange(data, skip, skip + keep), Long.toString(held));
                b.setLogStored(stored + keep);
            }
            if (keep < fresh) {
                long at = held + keep;
                chunk(buildId, attempt, at, at, stage, LogStream.SYSTEM,
                        capBanner(capBytes).getBytes(StandardCharsets.UTF_8), "cap");
                b.setLogCapped(true);
            }
        }
        b.setLogLength(end);
        b.save();
        return OptionalLong.of(end);
    }

    private void chunk(long buildId, int attempt, long start, long end, int stage, LogStream stream, byte[] bytes,
                       String keySuffix) {
        LogChunkEntity c = ao.create(LogChunkEntity.class,
                Map.of("CHUNK_KEY", buildId + ":" + attempt + ":" + keySuffix, "BUILD_ID", buildId));
        c.setAttempt(attempt);
        c.setStartOffset(start);
        c.setEndOffset(end);
        c.setStageIndex(stage);
        c.setLogStream(stream.name());
        c.setContent(bytes);
        c.save();
    }

    /**
     * The chunks of an attempt's log from byte {@code from} on, in order, the first one trimmed to start at
     * {@code from}; at most {@code limit} chunks (the reader continues from the last chunk's end).
     */
    public List<LogChunk> read(long buildId, int attempt, long from, int limit) {
        LogChunkEntity[] found = ao.find(LogChunkEntity.class, Query.select()
                .where("BUILD_ID = ? AND ATTEMPT = ? AND END_OFFSET >= ?", buildId, attempt, from)
                .order("START_OFFSET ASC, ID ASC").limit(limit));
        List<LogChunk> out = new ArrayList<>(found.length);
        for (LogChunkEntity c : found) {
            byte[] data = c.getContent() == null ? new byte[0] : c.getContent();
            long start = c.getStartOffset();
            long end = c.getEndOffset();
            if (end == from && start != end) {
                continue; // ends exactly where the reader starts
            }
            if (start < from) {
                data = Arrays.copyOfRange(data, (int) (from - start), data.length);
                start = from;
            }
            out.add(new LogChunk(buildId, attempt, start, end, c.getStageIndex(),
                    LogStream.valueOf(c.getLogStream()), data));
        }
        return out;
    }

    /** The whole stored log of an attempt, banner included. */
    public byte[] readAll(long buildId, int attempt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long from = 0;
        while (true) {
            List<LogChunk> chunks = read(buildId, attempt, from, 500);
            if (chunks.isEmpty()) {
                return out.toByteArray();
            }
            for (LogChunk c : chunks) {
                out.writeBytes(c.data());
            }
            LogChunk last = chunks.get(chunks.size() - 1);
            if (last.start() == last.end()) {
                return out.toByteArray(); // the banner is the last thing stored
            }
            from = last.end();
        }
    }

    /** The banner stored when the attempt's log passed the cap ({@code start == end} = where storing stopped). */
    public Optional<LogChunk> capBanner(long buildId, int attempt) {
        LogChunkEntity[] found = ao.find(LogChunkEntity.class, "CHUNK_KEY = ?", buildId + ":" + attempt + ":cap");
        if (found.length == 0) {
            return Optional.empty();
        }
        LogChunkEntity c = found[0];
        return Optional.of(new LogChunk(buildId, attempt, c.getStartOffset(), c.getEndOffset(),
                c.getStageIndex(), LogStream.valueOf(c.getLogStream()), c.getContent()));
    }

    /**
     * Where the stored log of an attempt ends (0 when it has none): for an earlier attempt of a requeued build,
     * whose length the build row no longer holds. The store keeps a contiguous prefix, so this is its length.
     */
    public long storedEnd(long buildId, int attempt) {
        LogChunkEntity[] last = ao.find(LogChunkEntity.class, Query.select()
                .where("BUILD_ID = ? AND ATTEMPT = ?", buildId, attempt).order("END_OFFSET DESC").limit(1));
        return last.length == 0 ? 0 : last[0].getEndOffset();
    }

    /** Deletes every stored chunk of the build; returns how many. */
    public int delete(long buildId) {
        return ao.deleteWithSQL(LogChunkEntity.class, "BUILD_ID = ?", buildId);
    }

    static String humanBytes(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}
