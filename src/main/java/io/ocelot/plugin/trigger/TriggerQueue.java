package io.ocelot.plugin.trigger;

import io.ocelot.core.lang.Abbreviate;
import io.ocelot.plugin.config.OcelotConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-off between Bitbucket's event threads and the trigger work: a bounded queue drained by two threads.
 * {@link #submit} never blocks; when the queue is full the request is dropped, counted and logged (a build can
 * still be started by hand), because stalling Bitbucket's event dispatch would hurt every user of the server.
 *
 * <p>A trigger that fails in any way (any Throwable, StackOverflowError and OutOfMemoryError included) neither ends
 * its worker thread nor vanishes: it is logged and recorded as a FAILED build with the reason
 * ({@link BuildTriggerService#recordFailure}), which its author sees on the commit and can rebuild. It is not
 * retried automatically: a failure that a retry would cure is rare, and one that it would not would repeat forever.
 */
@Named
public class TriggerQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TriggerQueue.class);
    private final BuildTriggerService service;
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();

    @Inject
    public TriggerQueue(BuildTriggerService service, OcelotConfig config) {
        this.service = service;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.triggerQueueCapacity()), r -> {
            Thread t = new Thread(r, "ocelot-trigger-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues the request; false (and counted in {@link #dropped()}) when the queue is full or shut down. */
    public boolean submit(TriggerRequest request) {
        try {
            executor.execute(() -> run(request));
            return true;
        } catch (RejectedExecutionException e) {
            long total = dropped.incrementAndGet();
            log.warn("Ocelot dropped a trigger because its queue is full ({} dropped so far): {} {} {} at {}",
                    total, request.kind(), request.repository(), Abbreviate.text(request.branch()), request.commit());
            return false;
        }
    }

    private void run(TriggerRequest request) {
        String branch = Abbreviate.text(request.branch());
        try {
            TriggerOutcome outcome = service.handle(request);
            log.debug("Ocelot trigger {} {} {}: {}", request.repository(), branch, request.commit(), outcome.kind());
        } catch (Throwable e) {
            log.error("Ocelot could not handle the trigger {} {} at {}; recording it as a failed build",
                    request.repository(), branch, request.commit(), e);
            try {
                service.recordFailure(request, e);
            } catch (Throwable again) {
                log.error("Ocelot could not record the failed trigger {} {} at {} either", request.repository(),
                        branch, request.commit(), again);
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }

    /** Requests waiting (not yet picked up). */
    public int pending() {
        return executor.getQueue().size();
    }

    /** Waits until the queue is empty and the workers idle, or the timeout passes; true when idle. */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (executor.getQueue().isEmpty() && executor.getActiveCount() == 0) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
