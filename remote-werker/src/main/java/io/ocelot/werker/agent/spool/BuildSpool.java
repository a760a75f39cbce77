package io.ocelot.werker.agent.spool;

import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.werker.engine.Trees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The append-only, on-disk record of everything one leased build produced: the whole build log as raw bytes
 * ({@code log}) and a JSON-lines {@code journal} of segments, stage updates and the finish. Every build event goes
 * through here first and {@link SpoolDelivery} ships it to the plugin, so "server away" and "server there" are the
 * same code path and an outage costs nothing but delay. The spool survives a werker restart; it is deleted once the
 * plugin has accepted the finish, or when the lease is lost.
 * <p>
 * Thread-safety: the engine's threads write, the delivery thread reads; all state is guarded by this object.
 */
public final class BuildSpool {
    private static final Logger LOG = LoggerFactory.getLogger(BuildSpool.class);
    public static final String LOG_FILE = "log";
    public static final String JOURNAL_FILE = "journal";

    private final Path dir;
    private final JournalEntry.Header header;
    private final FileChannel logOut;
    private final FileChannel logIn;
    private final FileChannel journalOut;
    private final List<JournalEntry.Segment> segments = new ArrayList<>();
    /** Stage updates and the finish, in the order they happened. */
    private final List<JournalEntry> events = new ArrayList<>();
    private long produced;
    private boolean finished;
    private boolean closed;
    /**
     * A write failed for lack of space. From then on nothing more is written: further log is dropped, stage updates
     * and the finish are kept in memory only, so the build can still be delivered (ERRORED, "disk full") from what
     * is on disk and in memory while this werker runs; a crash in this state loses the finish (the build is then
     * requeued as interrupted).
     */
    private boolean diskFull;

    private BuildSpool(Path dir, JournalEntry.Header header, boolean fresh) throws IOException {
        this.dir = dir;
        this.header = header;
        this.logOut = FileChannel.open(dir.resolve(LOG_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        this.logIn = FileChannel.open(dir.resolve(LOG_FILE), StandardOpenOption.READ);
        this.journalOut = FileChannel.open(dir.resolve(JOURNAL_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (fresh) {
            journal(header);
        }
    }

    /** A new spool for a job just leased; an old spool of the same build (an earlier attempt) is replaced. */
    public static BuildSpool create(Path spoolRoot, Job job) throws IOException {
        Path dir = spoolRoot.resolve(Long.toString(job.buildId()));
        if (Files.exists(dir)) {
            Trees.deleteRecursively(dir);
        }
        Files.createDirectories(dir);
        return new BuildSpool(dir, new JournalEntry.Header(job.buildId(), job.lease(), job.repository(), job.commit()), true);
    }

    /**
     * Reads back the spools a previous run of the werker left. A torn last journal line (a crash mid-write) is
     * ignored; a spool whose journal cannot be read at all is reported and left on disk for a person to look at.
     */
    public static List<BuildSpool> recover(Path spoolRoot) {
        List<BuildSpool> out = new ArrayList<>();
        if (!Files.isDirectory(spoolRoot)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(spoolRoot)) {
            for (Path dir : dirs.sorted().toList()) {
                try {
                    BuildSpool spool = open(dir);
                    if (spool != null) {
                        out.add(spool);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("unreadable spool {} left in place: {}", dir, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list spool directory {}: {}", spoolRoot, e.toString());
        }
        return out;
    }

    private static BuildSpool open(Path dir) throws IOException {
        Path journal = dir.resolve(JOURNAL_FILE);
        if (!Files.isRegularFile(journal)) {
            return null;
        }
        List<JournalEntry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(Json.read(line, JournalEntry.class));
            } catch (Json.MalformedJsonException e) {
                break; // torn write at the end: everything before it is intact
            }
        }
        if (entries.isEmpty() || !(entries.get(0) instanceof JournalEntry.Header header)) {
            throw new IOException("journal has no header");
        }
        BuildSpool spool = new BuildSpool(dir, header, false);
        long logSize = Files.size(dir.resolve(LOG_FILE));
        synchronized (spool) {
            spool.produced = logSize;
            for (JournalEntry e : entries.subList(1, entries.size())) {
                if (e instanceof JournalEntry.Segment s) {
                    spool.segments.add(s);
                } else if (e instanceof JournalEntry.Finish f) {
                    if (f.logLength() <= logSize) { // else the log lost bytes the finish promised: not finished
                        spool.events.add(f);
                        spool.finished = true;
                    }
                } else {
                    spool.events.add(e);
                }
            }
        }
        return spool;
    }

    public long buildId() {
        return header.buildId();
    }

    public LeaseRef lease() {
        return header.lease();
    }

    public Path dir() {
        return dir;
    }

    // ---- writer side (engine threads) ----

    public synchronized void appendLog(int stage, LogStream stream, byte[] data) {
        if (closed || diskFull || data.length == 0) {
            return;
        }
        JournalEntry.Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last == null || last.stage() != stage || last.stream() != stream) {
            JournalEntry.Segment s = new JournalEntry.Segment(produced, stage, stream);
            journal(s);
            segments.add(s);
        }
        write(logOut, ByteBuffer.wrap(data));
        produced += data.length;
        notifyAll();
    }

    public synchronized void stage(StageUpdate update) {
        if (closed) {
            return;
        }
        JournalEntry.Stage e = new JournalEntry.Stage(produced, update);
        try {
            journal(e);
        } finally { // delivered from memory even when the journal could not take it
            events.add(e);
            notifyAll();
        }
    }

    /** The last entry; forced to disk so a build finished during an outage is delivered even after a werker crash. */
    public synchronized void finish(BuildResult result, String message) {
        if (closed || finished) {
            return;
        }
        JournalEntry.Finish e = new JournalEntry.Finish(produced, result, message);
        try {
            journal(e);
            if (!diskFull) {
                logOut.force(false);
                journalOut.force(false);
            }
        } catch (IOException ex) {
            if (!noSpace(ex)) {
                throw new UncheckedIOException("cannot sync the spool of build " + buildId(), ex);
            }
            diskFull = true;
        } catch (UncheckedIOException ex) {
            if (!diskFull) {
                throw ex;
            }
        }
        events.add(e);
        finished = true;
        notifyAll();
    }

    // ---- reader side (delivery thread) ----

    public synchronized long produced() {
        return produced;
    }

    public synchronized boolean isFinished() {
        return finished;
    }

    /** The i-th stage update or finish, or null if it has not happened yet. */
    public synchronized JournalEntry event(int i) {
        return i < events.size() ? events.get(i) : null;
    }

    /** A piece of log to send: bytes from {@code from}, all of one stage and stream, at most {@code limit} (exclusive) and one protocol chunk. */
    public record Chunk(long offset, int stage, LogStream stream, byte[] data) {
    }

    public synchronized Chunk chunk(long from, long limit) {
        long end = Math.min(Math.min(limit, produced), from + Protocol.MAX_LOG_CHUNK_BYTES);
        int at = -1; // the last segment starting at or before `from`: the one `from` lies in
        for (int i = 0; i < segments.size() && segments.get(i).from() <= from; i++) {
            at = i;
        }
        JournalEntry.Segment seg = at < 0 ? null : segments.get(at);
        if (at >= 0 && at + 1 < segments.size()) {
            end = Math.min(end, segments.get(at + 1).from());
        }
        if (seg == null || end <= from) {
            throw new IllegalStateException("no log bytes at offset " + from + " of build " + buildId());
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (end - from));
        try {
            while (buf.hasRemaining()) {
                if (logIn.read(buf, from + buf.position()) < 0) {
                    throw new IOException("log file shorter than " + end);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spooled log of build " + buildId(), e);
        }
        return new Chunk(from, seg.stage(), seg.stream(), buf.array());
    }

    /**
     * Waits until there is something worth sending past ({@code sent}, {@code nextEvent}): a stage update or finish,
     * a full chunk of log, or any log once {@code flushAtNanos} has passed (so small writes are coalesced but a live
     * tail never lags more than the flush interval). Returns early when {@code stop} turns true and {@link #wake()} is called.
     */
    public synchronized void awaitWork(long sent, int nextEvent, long flushAtNanos, BooleanSupplier stop)
            throws InterruptedException {
        while (!stop.getAsBoolean() && !closed) {
            if (events.size() > nextEvent) {
                return;
            }
            long pending = produced - sent;
            if (pending >= Protocol.MAX_LOG_CHUNK_BYTES) {
                return;
            }
            long now = System.nanoTime();
            if (pending > 0 && now - flushAtNanos >= 0) {
                return;
            }
            long waitMillis = pending > 0 ? Math.max(1, (flushAtNanos - now) / 1_000_000) : 1000;
            wait(waitMillis);
        }
    }

    public synchronized void wake() {
        notifyAll();
    }

    /** Closes the files and deletes the spool (delivered, or the lease is gone). Later writes are ignored. */
    public synchronized void delete() {
        close();
        try {
            Trees.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.warn("cannot delete spool {}: {}", dir, e.toString());
        }
    }

    /** Closes the files, keeping the spool on disk for the next start. Later writes are ignored. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        notifyAll();
        for (FileChannel c : List.of(logOut, logIn, journalOut)) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a file we only appended to: nothing to save
            }
        }
    }

    /** Closed (delivered, dropped, or kept for the next start): no more events come. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** True once a write failed for lack of space (see {@link #diskFull}). */
    public synchronized boolean isDiskFull() {
        return diskFull;
    }

    private void journal(JournalEntry e) {
        if (diskFull) {
            return;
        }
        write(journalOut, ByteBuffer.wrap((Json.write(e) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private void write(FileChannel c, ByteBuffer buf) {
        try {
            while (buf.hasRemaining()) {
                c.write(buf);
            }
        } catch (IOException e) {
            if (noSpace(e)) {
                diskFull = true;
                try {
                    logOut.truncate(produced); // drop a partly written chunk: the log holds exactly `produced` bytes
                } catch (IOException ignored) {
                    // the delivery never reads past `produced` anyway
                }
            }
            throw new UncheckedIOException("cannot write the spool of build " + buildId() + " in " + dir, e);
        }
    }

    /** ENOSPC (or a quota): Java reports it only as the message of an {@link IOException}. */
    public static boolean noSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
