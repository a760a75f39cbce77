package io.ocelot.werker.agent.spool;

import io.ocelot.core.protocol.Messages.FinishReply;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.LogAck;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.werker.agent.client.Backoff;
import io.ocelot.werker.agent.client.PluginCallException;
import io.ocelot.werker.agent.client.ServerContact;
import io.ocelot.werker.agent.client.WerkerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Ships one build's spool to the plugin, in the order it happened: log bytes up to each stage update, the update,
 * and finally the finish. Log goes by byte offset; the plugin answers the offset it holds and the delivery continues
 * from there, so a retry never duplicates and a gap is re-sent. While the plugin is unreachable it retries with
 * backoff and the build goes on spooling. Runs on its own thread until delivered, the lease is lost, the plugin
 * refuses, or {@link #stop()}.
 */
public final class SpoolDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolDelivery.class);

    public enum End { DELIVERED, LEASE_LOST, REFUSED, STOPPED }

    private final BuildSpool spool;
    private final WerkerClient client;
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

    public SpoolDelivery(BuildSpool spool, WerkerClient client, Pace timings, ServerContact contact) {
        this(spool, client, timings, contact, new FinishGate() {
            public void finishing() { }

            public void answered(boolean accepted) { }
        });
    }

    public SpoolDelivery(BuildSpool spool, WerkerClient client, Pace timings, ServerContact contact,
                         FinishGate gate) {
        this.gate = gate;
        this.spool = spool;
        this.client = client;
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
            // streams. Bytes sent ahead of a stage event or the finish do not count as a tail send: they must go then
            // anyway; a stage event starts a new tail (one more send per stage at most); and a send of Ocelot's own
            // lines alone (the stage's start marker, set-up lines) does not hold back the output that follows it.
            long flushAt = System.nanoTime();
            while (true) {
                spool.awaitWork(acked, nextEvent, flushAt, () -> stopped);
                if (stopped) {
                    return End.STOPPED;
                }
                JournalEntry event = spool.event(nextEvent);
                if (event instanceof JournalEntry.Stage s) {
                    sendLogUpTo(s.logMark());
                    call(() -> {
                        client.stage(buildId, s.update());
                        return null;
                    });
                    nextEvent++;
                    flushAt = System.nanoTime(); // what the stage writes first goes at once, not after the set-up's tail
                } else if (event instanceof JournalEntry.Finish f) {
                    sendLogUpTo(f.logLength());
                    if (finish(f)) {
                        return End.DELIVERED;
                    }
                } else if (sendLogUpTo(spool.produced())) {
                    flushAt = System.nanoTime() + timings.logFlushInterval().toNanos();
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

    private boolean finish(JournalEntry.Finish f) throws InterruptedException {
        Backoff noProgress = backoff();
        while (true) {
            gate.finishing();
            FinishReply reply;
            try {
                reply = call(() -> client.finish(buildId,
                        new FinishRequest(lease, f.result(), f.message(), f.logLength())));
            } catch (RuntimeException | InterruptedException | Error e) {
                gate.answered(false);
                throw e;
            }
            gate.answered(reply.accepted());
            if (reply.accepted()) {
                return true;
            }
            // the plugin is missing log bytes (it lost a range, or restarted): send from where it says, finish again
            long from = Math.max(0, Math.min(reply.logOffset(), f.logLength()));
            LOG.info("build {}: the plugin holds the log up to byte {} of {}; re-sending the rest", buildId, from, f.logLength());
            if (from >= acked) {
                pause(noProgress.next()); // it claims to have what we sent and still refuses: do not spin
            }
            acked = from;
            sendLogUpTo(f.logLength());
        }
    }

    /** Sends the log up to {@code target}; true when what it sent held stage output (not only Ocelot's lines). */
    private boolean sendLogUpTo(long target) throws InterruptedException {
        Backoff noProgress = backoff();
        boolean warned = false;
        boolean output = false;
        while (acked < target) {
            BuildSpool.Chunk chunk = spool.chunk(acked, target);
            output |= chunk.stream() != LogStream.SYSTEM;
            LogAck ack = call(() -> client.appendLog(buildId,
                    new LogAppend(lease, chunk.offset(), chunk.stage(), chunk.stream(), chunk.data())));
            long end = chunk.offset() + chunk.data().length;
            if (ack.offset() < end) {
                if (ack.offset() <= chunk.offset()) {
                    // we sent from the offset it holds and it kept nothing: back off instead of spinning
                    if (!warned) {
                        LOG.warn("build {}: the plugin does not take log bytes from offset {}; retrying", buildId, ack.offset());
                        warned = true;
                    }
                    pause(noProgress.next());
                } else {
                    noProgress.reset();
                }
                if (ack.offset() < chunk.offset()) {
                    LOG.info("build {}: the plugin holds the log up to byte {}, behind {}; re-sending from there",
                            buildId, ack.offset(), chunk.offset());
                }
            } else {
                noProgress.reset();
            }
            acked = Math.max(0, ack.offset());
        }
        return output;
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
