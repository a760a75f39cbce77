package io.ocelot.werker.agent.spool;

import io.ocelot.core.Json;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.Report;
import io.ocelot.core.protocol.Messages.ReportItem;
import io.ocelot.core.protocol.Messages.ReportReply;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.core.protocol.Reports;
import io.ocelot.werker.agent.client.Backoff;
import io.ocelot.werker.agent.client.PluginCallException;
import io.ocelot.werker.agent.client.ServerContact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Ships one build's spool to the plugin, in the order it happened: log bytes up to each stage update, the update,
 * and finally the finish, as many of them as are there in one report ({@link ReportCalls}). Log goes by byte offset; the plugin answers the offset it holds and the delivery continues
 * from there, so a retry never duplicates and a gap is re-sent. While the plugin is unreachable it retries with
 * backoff and the build goes on spooling. Runs on its own thread until delivered, the lease is lost, the plugin
 * refuses, or {@link #stop()}.
 */
public final class SpoolDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolDelivery.class);

    public enum End { DELIVERED, LEASE_LOST, REFUSED, STOPPED }

    private final BuildSpool spool;
    private final ReportCalls calls;
    private final Pace timings;
    private final ServerContact contact;
    private final long buildId;
    private final LeaseRef lease;
    private volatile boolean stopped;
    private volatile long acked;
    private int nextEvent;
    private boolean spooling;
    private String endReason;

    /** How often the log is sent while the build runs, and how retries back off. */
    public record Pace(Duration logFlushInterval, Duration backoffInitial, Duration backoffMax) {
    }

    /**
     * Around each finish call. The plugin ends the lease when it accepts the finish, so nothing else of the build
     * (its heartbeat) may reach it during or after that call: it would be answered 409 and read as a lost lease.
     */
    public interface FinishGate {
        /** Just before a finish call goes out. */
        void finishing();

        /** Once the call is answered: {@code accepted} is the plugin's word; when false the lease goes on. */
        void answered(boolean accepted);
    }

    private final FinishGate gate;

    public SpoolDelivery(BuildSpool spool, ReportCalls calls, Pace timings, ServerContact contact) {
        this(spool, calls, timings, contact, new FinishGate() {
            public void finishing() { }

            public void answered(boolean accepted) { }
        });
    }

    public SpoolDelivery(BuildSpool spool, ReportCalls calls, Pace timings, ServerContact contact,
                         FinishGate gate) {
        this.gate = gate;
        this.spool = spool;
        this.calls = calls;
        this.timings = timings;
        this.contact = contact;
        this.buildId = spool.buildId();
        this.lease = spool.lease();
    }

    /** Log bytes produced but not yet held by the plugin. */
    public long pendingBytes() {
        return Math.max(0, spool.produced() - acked);
    }

    public long acked() {
        return acked;
    }

    /** Why the last run ended when it was not delivered (the plugin's error text). */
    public String endReason() {
        return endReason;
    }

    public void stop() {
        stopped = true;
        spool.wake();
        synchronized (this) {
            notifyAll();
        }
    }

    public End run() {
        try {
            // The interval only coalesces a live tail of stage output: log bytes go at once when no output was sent
            // for an interval (a stage's first line does not wait), and at most once per interval while output
            // streams. A stage update or the finish goes at once, with the log before it and whatever followed it
            // (one report); a stage event starts a new tail (one more send per stage at most); and a send of
            // Ocelot's own lines alone (the stage's start marker, set-up lines) does not hold back the output that
            // follows it.
            long flushAt = System.nanoTime();
            Backoff noProgress = backoff();
            boolean warned = false;
            while (true) {
                spool.awaitWork(acked, nextEvent, flushAt, () -> stopped);
                if (stopped) {
                    return End.STOPPED;
                }
                Batch batch = nextBatch();
                if (batch.items().isEmpty()) {
                    if (spool.isClosed()) {
                        return End.STOPPED; // closed under the delivery: nothing more will come
                    }
                    continue;
                }
                long before = acked;
                ReportReply reply = send(batch);
                if (reply.finished()) {
                    return End.DELIVERED;
                }
                int events = batch.eventsAmong(reply.applied());
                nextEvent += events;
                long held = Math.max(0, reply.logOffset());
                if (held < before) {
                    LOG.info("build {}: the plugin holds the log up to byte {}, behind {}; re-sending from there",
                            buildId, held, before);
                }
                acked = held;
                if (events == 0 && held == before && reply.applied() < batch.items().size()) {
                    // it took nothing of what we sent from the offset it holds: back off instead of spinning (an
                    // offset behind what we sent is news: the next report goes from there at once)
                    if (!warned) {
                        LOG.warn("build {}: the plugin does not take the report from log offset {}; retrying",
                                buildId, held);
                        warned = true;
                    }
                    pause(noProgress.next());
                    continue;
                }
                noProgress.reset();
                if (batch.tailHasOutput() && reply.applied() == batch.items().size()) {
                    flushAt = System.nanoTime() + timings.logFlushInterval().toNanos();
                } else if (events > 0) {
                    flushAt = System.nanoTime(); // what a stage writes first goes at once, not after the set-up's tail
                }
            }
        } catch (Ended e) {
            endReason = e.getMessage();
            return e.end;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return End.STOPPED;
        }
    }

    /**
     * What to send now, in the order it happened, from the log byte the plugin holds and the next event on: for each
     * event the log up to it, then the event (a finish ends the batch); after the last event, the log produced so far.
     * Bounded by the protocol's limits: {@link Protocol#MAX_LOG_CHUNK_BYTES} of log, {@link Protocol#MAX_REPORT_ITEMS}
     * items, and about half of {@link Protocol#MAX_BODY_BYTES} of JSON, so a stage update with a large test report
     * goes in a report of its own.
     */
    private Batch nextBatch() {
        Batch b = new Batch(acked);
        for (int e = nextEvent; ; e++) {
            JournalEntry event = spool.event(e);
            if (event == null) {
                b.addTail(spool.produced());
                return b;
            }
            long mark = event instanceof JournalEntry.Stage s ? s.logMark() : ((JournalEntry.Finish) event).logLength();
            if (!b.addLog(mark)) {
                return b;
            }
            if (event instanceof JournalEntry.Stage s) {
                if (!b.addEvent(ReportItem.stage(s.update()))) {
                    return b;
                }
            } else {
                JournalEntry.Finish f = (JournalEntry.Finish) event;
                b.addEvent(ReportItem.finish(new FinishRequest(lease, f.result(), f.message(), f.logLength())));
                return b;
            }
        }
    }

    /** One report of {@link #nextBatch}. */
    private final class Batch {
        private static final int MAX_JSON = Protocol.MAX_BODY_BYTES / 2;
        private final List<ReportItem> items = new ArrayList<>();
        /** The log byte the batch starts at, and the one its log pieces reach. */
        private final long from;
        private long cursor;
        private long json;
        private boolean tailHasOutput;

        Batch(long from) {
            this.from = from;
            this.cursor = from;
        }

        List<ReportItem> items() {
            return items;
        }

        boolean tailHasOutput() {
            return tailHasOutput;
        }

        /** How many of the first {@code applied} items are events (a stage update or the finish). */
        int eventsAmong(int applied) {
            return (int) items.stream().limit(applied).filter(item -> item.log() == null).count();
        }

        /** The log up to {@code mark}; false when the batch is full before it got there. */
        boolean addLog(long mark) {
            while (cursor < mark) {
                long room = Protocol.MAX_LOG_CHUNK_BYTES - (cursor - from);
                if (room <= 0 || items.size() >= Protocol.MAX_REPORT_ITEMS - 1) {
                    return false;
                }
                BuildSpool.Chunk c = spool.chunk(cursor, Math.min(mark, cursor + room));
                items.add(ReportItem.log(c.offset(), c.stage(), c.stream(), c.data()));
                cursor += c.data().length;
                json += c.data().length * 4L / 3 + 100;
            }
            return true;
        }

        /** The log produced after the last event; notes whether it holds stage output. */
        void addTail(long produced) {
            int first = items.size();
            addLog(produced);
            for (int i = first; i < items.size(); i++) {
                tailHasOutput |= items.get(i).log().stream() != LogStream.SYSTEM;
            }
        }

        /** A stage update or the finish; false (not added) when it would make the report too large. */
        boolean addEvent(ReportItem item) {
            long size = item.stage() != null && item.stage().tests() != null ? Json.write(item).length() : 1000;
            if (!items.isEmpty() && (json + size > MAX_JSON || items.size() >= Protocol.MAX_REPORT_ITEMS)) {
                return false;
            }
            items.add(item);
            json += size;
            return true;
        }
    }

    /** The batch as one report; around a finish, the gate keeps the heartbeat off. */
    private ReportReply send(Batch batch) throws InterruptedException {
        Report report = new Report(lease, List.copyOf(batch.items()));
        long held = acked;
        if (!Reports.endsWithFinish(report)) {
            return call(() -> calls.send(buildId, report, held));
        }
        gate.finishing();
        ReportReply reply;
        try {
            reply = call(() -> calls.send(buildId, report, held));
        } catch (RuntimeException | InterruptedException | Error e) {
            gate.answered(false);
            throw e;
        }
        gate.answered(reply.finished());
        if (!reply.finished() && reply.applied() == batch.items().size() - 1) {
            // the plugin is missing log bytes (it lost a range, or restarted): the next batch sends from where it says
            LOG.info("build {}: the plugin holds the log up to byte {} of {}; re-sending the rest", buildId,
                    reply.logOffset(), batch.items().get(batch.items().size() - 1).finish().logLength());
        }
        return reply;
    }

    /** One protocol call, retried with backoff for as long as the plugin is unreachable. */
    private <T> T call(Supplier<T> call) throws InterruptedException {
        Backoff backoff = backoff();
        while (true) {
            if (stopped) {
                throw new Ended(End.STOPPED, "stopped");
            }
            try {
                T result = call.get();
                contact.reached();
                if (spooling) {
                    spooling = false;
                    LOG.info("build {}: plugin reachable again; delivering spooled events", buildId);
                }
                return result;
            } catch (PluginCallException e) {
                switch (e.kind()) {
                    case LEASE_LOST -> throw new Ended(End.LEASE_LOST, e.getMessage());
                    case REFUSED -> throw new Ended(End.REFUSED, e.getMessage());
                    default -> {
                        contact.failed(e.getMessage());
                        if (!spooling) {
                            spooling = true;
                            LOG.warn("build {}: plugin unreachable ({}); spooling to {} and retrying",
                                    buildId, e.getMessage(), spool.dir());
                        }
                        pause(backoff.next());
                    }
                }
            }
        }
    }

    private Backoff backoff() {
        return new Backoff(timings.backoffInitial(), timings.backoffMax());
    }

    private synchronized void pause(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        long left;
        while (!stopped && (left = until - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private static final class Ended extends RuntimeException {
        final End end;

        Ended(End end, String message) {
            super(message, null, false, false);
            this.end = end;
        }
    }
}
