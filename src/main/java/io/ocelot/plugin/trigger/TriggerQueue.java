package io.ocelot.plugin.trigger;

import io.ocelot.core.lang.Abbreviate;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.store.PendingTriggerStore;
import io.ocelot.plugin.store.PendingTriggerStore.PendingTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The durable hand-off between Bitbucket's event threads and the trigger work. {@link #submit} writes the trigger as
 * a PENDING row ({@link PendingTriggerStore}: one small insert) and wakes the processors; only then does the event
 * thread return, so a trigger the listener has seen survives a restart, a crash or a burst of any size. Should the
 * database refuse the insert, the trigger waits in memory and the processors write it; when that buffer
 * ({@link OcelotConfig#triggerQueueCapacity()}) is full the event thread waits for room (back-pressure): nothing is
 * dropped. Why the insert on the event thread is acceptable: docs/plugin.md, "Triggers that are never lost".
 *
 * <p>Two processor threads per node claim due rows (a conditional delete-and-insert, so exactly one node takes a
 * row), run {@link BuildTriggerService#handle} and delete the row. Handling is at least once — a node that dies
 * mid-trigger leaves a CLAIMED row that another node takes when its claim runs out — and the build is made exactly
 * once because build creation is idempotent on the build's identity. A trigger that throws (ContentService or
 * CommitService failing, the database refusing) is retried with exponential backoff ({@link TriggerRetry}) and after
 * the last attempt kept as FAILED with its reason, shown in the build list and by {@code ocelot status}.
 */
@Named
public class TriggerQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TriggerQueue.class);
    private static final int PROCESSORS = 2;
    private static final int BATCH = 50;

    private final BuildTriggerService service;
    private final PendingTriggerStore store;
    private final TriggerRetry retry;
    private final Clock clock;
    private final LinkedBlockingQueue<TriggerRequest> unsaved;
    private final Semaphore wake = new Semaphore(0);
    private final ConcurrentLinkedQueue<PendingTrigger> candidates = new ConcurrentLinkedQueue<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    @Inject
    public TriggerQueue(BuildTriggerService service, PendingTriggerStore store, OcelotConfig config, Clock clock) {
        this(service, store, config, clock, TriggerRetry.DEFAULT);
    }

    public TriggerQueue(BuildTriggerService service, PendingTriggerStore store, OcelotConfig config, Clock clock,
                        TriggerRetry retry) {
        this.service = service;
        this.store = store;
        this.retry = retry;
        this.clock = clock;
        this.unsaved = new LinkedBlockingQueue<>(config.triggerQueueCapacity());
    }

    /**
     * Records the trigger durably and wakes a processor. True once it is stored, or waiting in memory to be stored
     * because the database refused it; false only when the calling thread was interrupted while waiting for room.
     */
    public boolean submit(TriggerRequest request) {
        try {
            store.record(event(request), clock.millis());
            wakeUp();
            return true;
        } catch (RuntimeException e) {
            log.warn("Ocelot could not store the trigger {} {} at {}; keeping it in memory until it can: {}",
                    request.repository(), Abbreviate.text(request.branch()), request.commit(), e.toString());
        }
        try {
            unsaved.put(request); // back-pressure: waits while the buffer is full, never drops
            wakeUp();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("Ocelot lost the trigger {} {} at {}: interrupted while waiting to store it",
                    request.repository(), Abbreviate.text(request.branch()), request.commit());
            return false;
        }
    }

    /** Starts the processors (plugin start): they take up at once whatever is pending, from before a restart too. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 1; i <= PROCESSORS; i++) {
            Thread t = new Thread(this::processLoop, "ocelot-trigger-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        wakeUp();
    }

    private void wakeUp() {
        if (wake.availablePermits() < PROCESSORS) {
            wake.release();
        }
    }

    private void processLoop() {
        while (running) {
            try {
                flushUnsaved();
                Optional<PendingTrigger> claimed = claimNext();
                if (claimed.isPresent()) {
                    busy.incrementAndGet();
                    try {
                        process(claimed.get());
                    } finally {
                        busy.decrementAndGet();
                    }
                } else {
                    wake.tryAcquire(retry.rescan().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // The database refusing a claim or a scan: the rows stay and are taken up on the next round.
                log.warn("Ocelot could not look for pending triggers: {}", e.toString());
                try {
                    wake.tryAcquire(retry.rescan().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Triggers the database refused at submit time, written now (oldest first), while it accepts them. */
    private void flushUnsaved() {
        synchronized (unsaved) { // one writer, so no request is stored twice
            TriggerRequest r;
            while ((r = unsaved.peek()) != null) {
                store.record(event(r), clock.millis()); // throws while the database still refuses: stays queued
                unsaved.remove(r);
            }
        }
    }

    /**
     * The next due trigger this node could claim. Due rows are read a batch at a time into {@link #candidates},
     * shared by this node's processors, so a backlog of thousands costs one scan per batch rather than one per
     * trigger; a candidate another node claimed meanwhile simply fails its claim and is skipped.
     */
    private Optional<PendingTrigger> claimNext() {
        for (int round = 0; round < 2; round++) {
            PendingTrigger t;
            while ((t = candidates.poll()) != null) {
                long now = clock.millis();
                Optional<PendingTrigger> claimed = store.claim(t, now, now + retry.claim().toMillis());
                if (claimed.isPresent()) {
                    return claimed;
                }
            }
            synchronized (candidates) {
                if (candidates.isEmpty()) {
                    candidates.addAll(store.due(clock.millis(), BATCH));
                }
                if (candidates.isEmpty()) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private void process(PendingTrigger claimed) {
        TriggerRequest request = request(claimed);
        String branch = Abbreviate.text(request.branch());
        String reason;
        try {
            TriggerOutcome outcome = service.handle(request);
            if (!store.done(claimed)) {
                log.info("Ocelot trigger {} {} at {} was taken over by another node while handled here; the build "
                        + "identity keeps it to one build", request.repository(), branch, request.commit());
            }
            log.debug("Ocelot trigger {} {} {}: {}", request.repository(), branch, request.commit(), outcome.kind());
            return;
        } catch (Throwable e) {
            reason = describe(e);
            log.warn("Ocelot could not handle the trigger {} {} at {} (attempt {} of {})", request.repository(),
                    branch, request.commit(), claimed.attempts(), retry.maxAttempts(), e);
        }
        long now = clock.millis();
        try {
            if (claimed.attempts() >= retry.maxAttempts()) {
                store.fail(claimed, now, reason);
                log.error("Ocelot gave up on the trigger {} {} at {} after {} attempts: {}", request.repository(),
                        branch, request.commit(), claimed.attempts(), reason);
                recordGivenUp(request, reason, claimed.attempts());
            } else {
                store.retryLater(claimed, now + retry.backoffMillis(claimed.attempts()), reason);
            }
        } catch (RuntimeException e) {
            // left CLAIMED: taken up again when the claim runs out
            log.warn("Ocelot could not record the failed attempt of trigger {}: {}", claimed.id(), e.toString());
        }
    }

    /**
     * The FAILED build of a trigger given up, so the commit shows a failed status and the build list the reason. When
     * even that fails (the database is what fails), the FAILED trigger row is the record.
     */
    private void recordGivenUp(TriggerRequest request, String reason, int attempts) {
        try {
            service.recordFailure(request, reason, attempts);
        } catch (RuntimeException e) {
            log.warn("Ocelot could not record the failed build of the trigger {} at {}; the failed trigger stays "
                    + "listed: {}", request.repository(), request.commit(), e.toString());
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + Abbreviate.text(m));
    }

    private static PendingTriggerStore.Event event(TriggerRequest r) {
        return new PendingTriggerStore.Event(r.repository().id(), r.repository().projectKey(), r.repository().slug(),
                r.kind().name(), r.ref(), r.branch(), r.tag(), r.since(), r.commit(), r.prId(), r.user(),
                r.fromFork(), r.targetBranch());
    }

    private static TriggerRequest request(PendingTrigger t) {
        PendingTriggerStore.Event e = t.event();
        return new TriggerRequest(new RepositoryRef(e.repoId(), e.projectKey(), e.repoSlug()),
                TriggerKind.valueOf(e.kind()), e.ref(), e.branch(), e.tag(), e.since(), e.commit(), e.prId(),
                e.user(), false, e.fromFork(), e.targetBranch());
    }

    /** Triggers not yet handled: stored PENDING or CLAIMED, and any waiting in memory to be stored. */
    public int pending() {
        return store.outstanding() + unsaved.size();
    }

    /** Waits until every trigger is handled or FAILED and the processors idle, or the timeout passes. */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (unsaved.isEmpty() && busy.get() == 0 && store.outstanding() == 0) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
        }
        wake.release(PROCESSORS);
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }
}
