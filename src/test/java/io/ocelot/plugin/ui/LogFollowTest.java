package io.ocelot.plugin.ui;

import io.ocelot.core.api.LogPage;
import io.ocelot.plugin.build.LogSignal;
import org.junit.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * A log read with {@code wait}: held while nothing is new, answered when this node stores the build's next bytes or
 * its finish, when a re-read finds what another node stored, or when the wait is over; a build no one waits for is
 * not kept; a read beyond the waiting cap is answered at once.
 */
public class LogFollowTest {
    private static final long BUILD = 7;
    private final LogSignal signal = new LogSignal();
    /** The store as the reads see it: its length, and whether the build is over. */
    private final AtomicReference<LogPage> stored = new AtomicReference<>(page(10, false));
    private final AtomicInteger reads = new AtomicInteger();

    private static LogPage page(long length, boolean complete) {
        return new LogPage(BUILD, 10, length, length, complete, length > 10
                ? List.of(new LogPage.Chunk(10, 0, "STDOUT", "x".repeat((int) (length - 10)))) : List.of());
    }

    private LogPage read() {
        reads.incrementAndGet();
        return stored.get();
    }

    /** Starts a read from offset 10 with {@code wait} on a thread of its own; returns once it has read once. */
    private CompletableFuture<LogPage> waitingRead(LogFollow follow, int waitSeconds) throws InterruptedException {
        CountDownLatch firstRead = new CountDownLatch(1);
        CompletableFuture<LogPage> answer = CompletableFuture.supplyAsync(() -> follow.page(BUILD, 10, waitSeconds,
                () -> {
                    LogPage p = read();
                    firstRead.countDown();
                    return p;
                }));
        assertTrue(firstRead.await(10, TimeUnit.SECONDS));
        return answer;
    }

    @Test
    public void aWaitingReadIsAnsweredWhenThisNodeStoresTheNextBytes() throws Exception {
        LogFollow follow = new LogFollow(signal, 4, 60_000); // no re-read within the test: only the signal wakes it
        CompletableFuture<LogPage> answer = waitingRead(follow, 25);
        Thread.sleep(100);
        assertFalse("nothing new: held", answer.isDone());
        stored.set(page(15, false));
        signal.changed(BUILD);
        LogPage got = answer.get(10, TimeUnit.SECONDS);
        assertEquals(15, got.nextOffset());
        assertEquals("xxxxx", got.chunks().get(0).text());
        assertEquals("the build is no longer watched", 0, signal.watchedBuilds());
    }

    @Test
    public void anotherBuildsBytesDoNotAnswerIt() throws Exception {
        LogFollow follow = new LogFollow(signal, 4, 60_000);
        CompletableFuture<LogPage> answer = waitingRead(follow, 25);
        signal.changed(BUILD + 1);
        Thread.sleep(200);
        assertFalse(answer.isDone());
        assertEquals("woken for nothing, it did not read again", 1, reads.get());
        stored.set(page(10, true));
        signal.changed(BUILD);
        assertTrue("the finish answers it", answer.get(10, TimeUnit.SECONDS).complete());
    }

    @Test
    public void whatAnotherNodeStoredIsFoundByTheReRead() throws Exception {
        LogFollow follow = new LogFollow(signal, 4, 50);
        CompletableFuture<LogPage> answer = waitingRead(follow, 25);
        stored.set(page(12, false)); // no signal here: stored through another node
        assertEquals(12, answer.get(10, TimeUnit.SECONDS).nextOffset());
    }

    @Test
    public void withNothingNewTheWaitEndsWithAnEmptyPage() {
        LogFollow follow = new LogFollow(signal, 4, 200);
        long start = System.nanoTime();
        LogPage got = follow.page(BUILD, 10, 1, this::read);
        assertTrue("held for the wait", System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(950));
        assertEquals(10, got.nextOffset());
        assertFalse(got.complete());
        assertTrue("re-read while it waited", reads.get() > 1);
    }

    @Test
    public void aFinishedBuildAndAReadWithoutWaitAreAnsweredAtOnce() {
        LogFollow follow = new LogFollow(signal, 4, 60_000);
        assertEquals(10, follow.page(BUILD, 10, 0, this::read).nextOffset());
        stored.set(page(10, true));
        assertTrue(follow.page(BUILD, 10, 25, this::read).complete());
        assertEquals(2, reads.get());
    }

    @Test
    public void aReadBeyondTheWaitingCapIsAnsweredAtOnce() throws Exception {
        LogFollow follow = new LogFollow(signal, 1, 60_000);
        CompletableFuture<LogPage> holding = waitingRead(follow, 25);
        long start = System.nanoTime();
        assertEquals(10, follow.page(BUILD, 10, 25, this::read).nextOffset());
        assertTrue("not held", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        assertFalse(holding.isDone());
        stored.set(page(10, true));
        signal.changed(BUILD);
        holding.get(10, TimeUnit.SECONDS);
    }

    @Test
    public void aWaitOutsideZeroToTwentyFiveSecondsIsRefusedWithTheRange() {
        assertEquals(0, LogFollow.waitSeconds(null));
        assertEquals(25, LogFollow.waitSeconds(25));
        for (int bad : new int[]{-1, 26}) {
            try {
                LogFollow.waitSeconds(bad);
                fail("took wait=" + bad);
            } catch (UserFacingException e) {
                assertEquals("wait must be between 0 and 25 seconds, not " + bad, e.getMessage());
            }
        }
    }
}
