package io.ocelot.plugin.werker;

import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.store.LogStore;
import io.ocelot.plugin.testkit.Fixture;
import org.junit.After;
import org.junit.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Log appends racing each other and the reaper on the real AO ORM: a werker retrying a timed-out append while the
 * first delivery is still being stored, several deliveries of overlapping ranges at once, an append of a lost
 * attempt arriving after the build was leased again.
 */
public class LogAppendRaceTest {
    private static final int CAP = 50_000;
    private final Fixture f = new Fixture(new OcelotConfig()
            .with(Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofSeconds(20)).withLogCap(CAP));

    @After
    public void close() {
        f.close();
    }

    private Job lease(Werker w, List<Long> running) throws InterruptedException {
        return f.s.werkers.poll(w, new PollRequest(Protocol.VERSION, 1, running)).orElseThrow();
    }

    @Test
    public void concurrentOverlappingAppendsStoreEveryByteExactlyOnce() throws Exception {
        // The last round passes the cap: its stored log is the first CAP bytes and one banner.
        int[] sizes = {20_000, 20_000, 20_000, 20_000, 80_000};
        for (int round = 0; round < sizes.length; round++) {
            long buildId = f.queued(sha(100 + round), plan("ocelot/busybox", null, "a", "b")).id();
            Werker w = f.werker("w" + round);
            Job job = lease(w, List.of());
            byte[] log = new byte[sizes[round]];
            new Random(round).nextBytes(log);
            int senders = 6;
            CyclicBarrier start = new CyclicBarrier(senders + 1);
            ExecutorService pool = Executors.newFixedThreadPool(senders + 1);
            List<Future<Long>> done = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                Random r = new Random(round * 31L + t);
                done.add(pool.submit((Callable<Long>) () -> {
                    start.await();
                    // Each sender is the werker delivering the whole log in its own pieces, resending ranges the
                    // plugin already holds (a retry of a timed-out append), from wherever the plugin's ack says.
                    long held = 0;
                    while (held < log.length) {
                        int from = (int) Math.max(0, held - r.nextInt(300));
                        int to = Math.min(log.length, from + 1 + r.nextInt(2_000));
                        held = f.s.werkers.log(w, buildId, new LogAppend(job.lease(), from, 0, LogStream.STDOUT,
                                Arrays.copyOfRange(log, from, to))).offset();
                    }
                    return held;
                }));
            }
            // Meanwhile the werker's heartbeats say which stage runs (they write the same build row).
            Future<Void> beats = pool.submit(() -> {
                start.await();
                for (int i = 0; !done.stream().allMatch(Future::isDone); i++) {
                    f.s.werkers.heartbeat(w, buildId, new Heartbeat(job.lease(), i % 2));
                }
                return null;
            });
            pool.shutdown();
            for (Future<Long> d : done) {
                assertEquals("every sender ends acknowledged at the log's end", log.length, (long) d.get(60, TimeUnit.SECONDS));
            }
            beats.get(60, TimeUnit.SECONDS);
            byte[] expected = log.length <= CAP ? log : concat(Arrays.copyOf(log, CAP), LogStore.capBanner(CAP).getBytes());
            assertArrayEquals("round " + round, expected, f.s.logs.readAll(buildId, 1));
            assertEquals("no range stored twice", Math.min(CAP, log.length), storedBytes(buildId));
            assertEquals(log.length, f.s.builds.find(buildId).orElseThrow().logLength());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    public void anAppendOfALostAttemptNeverTouchesTheNextAttemptsLog() throws Exception {
        long buildId = f.queued(sha(1), plan("ocelot/busybox", null, "a")).id();
        Werker lost = f.werker("lost");
        Job first = lease(lost, List.of());
        f.clock.advance(Duration.ofSeconds(21));
        f.s.reaper.run(); // attempt 1's werker stopped heartbeating: requeued
        Werker next = f.werker("next");
        Job second = lease(next, List.of());
        assertEquals(2, second.lease().attempt());

        // The lost werker's append passed the lease check just before the reaper ran and is stored only now.
        byte[] late = "attempt 1 output\n".getBytes();
        assertTrue("refused as stale", f.s.logs.append(buildId, first.lease().attempt(), first.lease().leaseId(), 0, 0,
                LogStream.STDOUT, late, f.s.config.logCapBytes()).isEmpty());

        byte[] fresh = "attempt 2 output\n".getBytes();
        assertEquals(fresh.length, f.s.werkers.log(next, buildId, new LogAppend(second.lease(), 0, 0,
                LogStream.STDOUT, fresh)).offset());
        assertArrayEquals(fresh, f.s.logs.readAll(buildId, 2));
        assertEquals(0, f.s.logs.readAll(buildId, 1).length);
        try {
            f.s.werkers.log(lost, buildId, new LogAppend(first.lease(), 0, 0, LogStream.STDOUT, late));
            fail("the lost attempt's append must be refused");
        } catch (WerkerApiException e) {
            assertEquals(409, e.status());
        }
    }

    private long storedBytes(long buildId) throws Exception {
        try (Connection c = f.db.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COALESCE(SUM(\"END_OFFSET\" - \"START_OFFSET\"), 0) FROM \"LOG_CHUNK\""
                        + " WHERE \"LOG_STREAM\" <> 'SYSTEM' AND \"BUILD_ID\" = " + buildId)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
