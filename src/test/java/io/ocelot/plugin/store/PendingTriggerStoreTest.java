package io.ocelot.plugin.store;

import io.ocelot.plugin.store.PendingTriggerStore.Event;
import io.ocelot.plugin.store.PendingTriggerStore.PendingTrigger;
import io.ocelot.plugin.store.PendingTriggerStore.State;
import io.ocelot.plugin.testkit.TestDatabase;
import org.junit.After;
import org.junit.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** The pending-trigger rows on the real AO ORM (HSQLDB, and PostgreSQL at READ COMMITTED in postgresql-stores). */
public class PendingTriggerStoreTest {
    private final TestDatabase db = TestDatabase.fresh();
    private final PendingTriggerStore store = new PendingTriggerStore(db.ao());

    @After
    public void close() {
        db.close();
    }

    private static Event push(int n) {
        return new Event(7, "PROJ", "repo", "PUSH", "refs/heads/" + "b".repeat(300), "b".repeat(300), false, null,
                sha(n), 0, "alice", false, null);
    }

    @Test
    public void aTriggerKeepsEverythingTheEventSaidThroughEveryTransition() {
        store.record(push(1), 1_000);
        PendingTrigger due = store.due(1_000, 10).get(0);
        assertEquals(push(1), due.event());
        assertEquals(State.PENDING, due.state());
        PendingTrigger claimed = store.claim(due, 1_000, 61_000).orElseThrow();
        assertEquals(1, claimed.attempts());
        assertEquals("claimed and not run out: not due", List.of(), store.due(2_000, 10));
        PendingTrigger later = store.retryLater(claimed, 3_000, "CommitService: down").orElseThrow();
        assertEquals(List.of(), store.due(2_999, 10));
        PendingTrigger again = store.due(3_000, 10).get(0);
        assertEquals("CommitService: down", again.lastError());
        assertEquals(later.id(), again.id());
        assertEquals(1_000, again.receivedAt());
        assertEquals("a long branch is kept whole", push(1), again.event());
        PendingTrigger failed = store.fail(store.claim(again, 3_000, 63_000).orElseThrow(), 4_000, "gave up")
                .orElseThrow();
        assertEquals(2, failed.attempts());
        assertEquals(List.of(), store.due(Long.MAX_VALUE, 10));
        assertEquals(1, store.count(State.FAILED));
        assertEquals(0, store.outstanding());
        assertEquals(List.of(failed), store.ofRepositories(List.of(7), 10));
        assertEquals(List.of(failed), store.byCommitPrefix(sha(1).substring(0, 8), 10));
    }

    @Test
    public void aClaimThatRanOutIsTakenOverAndTheLateFinisherNoticesIt() {
        store.record(push(1), 1_000);
        PendingTrigger first = store.claim(store.due(1_000, 1).get(0), 1_000, 5_000).orElseThrow();
        PendingTrigger expired = store.due(5_000, 1).get(0);
        assertEquals(first.id(), expired.id());
        PendingTrigger second = store.claim(expired, 5_000, 9_000).orElseThrow();
        assertFalse("the first node's late done() does not delete the new claim", store.done(first));
        assertFalse(store.retryLater(first, 6_000, "late").isPresent());
        assertEquals(1, store.outstanding());
        assertTrue(store.done(second));
        assertEquals(0, store.outstanding());
    }

    @Test
    public void manyClaimersOfOneRowOneWins() throws Exception {
        int rows = 20;
        for (int i = 0; i < rows; i++) {
            store.record(push(i), 1_000);
        }
        List<PendingTrigger> due = store.due(1_000, rows);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (PendingTrigger t : due) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<PendingTrigger>>> tries = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    tries.add(pool.submit(() -> {
                        go.await();
                        return store.claim(t, 1_000, 60_000);
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Optional<PendingTrigger>> f : tries) {
                    won += f.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
                }
                assertEquals("trigger " + t.id(), 1, won);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(rows, store.outstanding());
        assertEquals(List.of(), store.due(59_999, rows));
    }
}
