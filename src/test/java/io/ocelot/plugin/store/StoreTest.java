package io.ocelot.plugin.store;

import io.ocelot.core.plan.TriggerKind;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.LogChunk;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.werker.WerkerApiException;
import org.junit.After;
import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Builds, logs and werkers on the real AO ORM (HSQLDB). */
public class StoreTest {
    private final Fixture f = new Fixture();

    @After
    public void close() {
        f.close();
    }

    private NewBuild push(String commit) {
        return new NewBuild(f.repo, "main", "refs/heads/main", commit, "default", TriggerKind.PUSH, 0, "alice",
                plan("ocelot/busybox", null, "a", "b"), null);
    }

    @Test
    public void concurrentCreationOfOneIdentityMakesOneBuild() throws Exception {
        int threads = 10;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<BuildStore.Created>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit((Callable<BuildStore.Created>) () -> {
                start.await();
                return f.s.buildQueue.enqueue(push(sha(1)));
            }));
        }
        HashSet<Long> ids = new HashSet<>();
        int created = 0;
        for (Future<BuildStore.Created> r : results) {
            ids.add(r.get().build().id());
            created += r.get().created() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, ids.size());
        assertEquals(1, created);
        assertEquals(1, f.db.ao().count(BuildEntity.class));
        assertEquals("one queue ticket", 1, f.db.ao().count(QueueTicketEntity.class));
        assertEquals("stages stored once", 2, f.db.ao().count(StageEntity.class));
    }

    @Test
    public void manualTriggersMakeANewBuildEachTime() {
        NewBuild manual = new NewBuild(f.repo, "main", "refs/heads/main", sha(1), "default", TriggerKind.MANUAL, 0,
                "alice", plan("ocelot/busybox", null, "a"), null);
        long a = f.s.builds.create(manual, 1).build().id();
        long b = f.s.builds.create(manual, 2).build().id();
        assertNotEquals(a, b);
    }

    @Test
    public void queriesTheUiNeeds() {
        Build one = f.s.builds.create(push("abcdef" + sha(1).substring(6)), 1).build();
        Build two = f.s.builds.create(push("abc999" + sha(2).substring(6)), 2).build();
        f.s.builds.create(push("ffffff" + sha(3).substring(6)), 3);
        assertEquals(List.of(two.id(), one.id()), f.s.builds.byCommitPrefix(f.repo.id(), "ABC", 10).stream()
                .map(Build::id).toList());
        assertEquals(List.of(one.id()), f.s.builds.byCommitPrefix(f.repo.id(), "abcdef", 10).stream()
                .map(Build::id).toList());
        assertTrue("not hex: no query", f.s.builds.byCommitPrefix(f.repo.id(), "a%", 10).isEmpty());
        assertEquals(2, f.s.builds.recent(f.repo.id(), 2).size());
        assertEquals(List.of("a", "b"), f.s.builds.stages(one.id()).stream().map(s -> s.name()).toList());
    }

    private long append(long build, long offset, String text) {
        return f.s.logs.append(build, 1, LEASE, offset, 0, LogStream.STDOUT, text.getBytes(StandardCharsets.UTF_8),
                f.s.config.logCapBytes()).orElseThrow();
    }

    private static final String LEASE = "lease-1";

    /** Leases the queued build (attempt 1) under {@link #LEASE}: logs are stored only under the current lease. */
    private static long leased(Fixture fx, Build b) {
        QueueStore.Ticket t = fx.s.queue.waiting(List.of(), 100).stream().filter(x -> x.buildId() == b.id())
                .findFirst().orElseThrow();
        fx.s.buildQueue.claim(t, 1, LEASE).orElseThrow();
        return b.id();
    }

    @Test
    public void logAppendsAreIdempotentAndGapsAreRefused() {
        long b = leased(f, f.s.buildQueue.enqueue(push(sha(1))).build());
        assertEquals(6, append(b, 0, "hello "));
        assertEquals("repeat", 6, append(b, 0, "hello "));
        assertEquals("overlap stores only the new tail", 11, append(b, 3, "lo world"));
        assertEquals("gap: nothing stored, held offset returned", 11, append(b, 20, "later"));
        assertEquals(12, f.s.logs.append(b, 1, LEASE, 11, 1, LogStream.STDERR, "!".getBytes(),
                f.s.config.logCapBytes()).orElseThrow());
        assertEquals("hello world!", new String(f.s.logs.readAll(b, 1), StandardCharsets.UTF_8));
        List<LogChunk> fromMiddle = f.s.logs.read(b, 1, 8, 10);
        assertEquals("rld", new String(fromMiddle.get(fromMiddle.size() - 2).data(), StandardCharsets.UTF_8));
        assertEquals(LogStream.STDERR, fromMiddle.get(1).stream());
        assertEquals(1, fromMiddle.get(1).stage());
    }

    @Test
    public void logPastTheCapStoresOneBannerAndAcknowledgesTheRest() {
        Fixture small = new Fixture(new io.ocelot.plugin.config.OcelotConfig().withLogCap(10));
        try {
            long b = leased(small, small.s.buildQueue.enqueue(push(sha(1))).build());
            long cap = small.s.config.logCapBytes();
            assertEquals(8, small.s.logs.append(b, 1, LEASE, 0, 0, LogStream.STDOUT, "12345678".getBytes(), cap)
                    .orElseThrow());
            assertEquals(16, small.s.logs.append(b, 1, LEASE, 8, 0, LogStream.STDOUT, "abcdefgh".getBytes(), cap)
                    .orElseThrow());
            assertEquals("acknowledged, dropped", 24, small.s.logs.append(b, 1, LEASE, 16, 0, LogStream.STDOUT,
                    "ABCDEFGH".getBytes(), cap).orElseThrow());
            String log = new String(small.s.logs.readAll(b, 1), StandardCharsets.UTF_8);
            assertEquals("12345678ab" + LogStore.capBanner(10), log);
            assertEquals(24, small.s.builds.find(b).orElseThrow().logLength());
            assertTrue(small.s.builds.find(b).orElseThrow().logCapped());
        } finally {
            small.close();
        }
    }

    @Test
    public void werkerTokensAndTheRegistrationSecretAreNotStoredInClear() throws Exception {
        String secret = "a-registration-secret-of-some-length";
        f.s.registry.setRegistrationSecret(secret);
        RegisterResponse r = f.s.registry.register(new RegisterRequest(Protocol.VERSION, secret, "w1",
                List.of("docker"), 2, "1.0"));
        assertTrue(r.token().length() >= 43);
        StringBuilder everything = new StringBuilder();
        try (Connection c = f.db.jdbc(); Statement st = c.createStatement()) {
            for (String table : List.of("WERKER", "SETTING")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            everything.append(rs.getString(i)).append('|');
                        }
                    }
                }
            }
        }
        assertFalse("token in clear", everything.toString().contains(r.token()));
        assertFalse("secret in clear", everything.toString().contains(secret));
        assertEquals("w1", f.s.registry.authenticate(r.token()).name());
        try {
            f.s.registry.register(new RegisterRequest(Protocol.VERSION, "wrong-secret-wrong-secret", "w2", List.of(),
                    1, "1.0"));
            fail("registered with a wrong secret");
        } catch (WerkerApiException e) {
            assertEquals(401, e.status());
        }
        assertTrue(f.s.registry.revoke(r.werkerId()));
        try {
            f.s.registry.authenticate(r.token());
            fail("revoked token accepted");
        } catch (WerkerApiException e) {
            assertEquals(401, e.status());
        }
    }

    @Test
    public void cloneCredentialIsEncryptedAndNeverShownAgain() throws Exception {
        f.s.cloneCredentials.setHttpToken("ci-bot", "BBDC-secret-token-123");
        assertEquals(new io.ocelot.plugin.store.CloneCredentialStore.Description(
                        io.ocelot.plugin.clone.CloneCredential.Kind.HTTP_TOKEN, "ci-bot", f.clock.millis()),
                f.s.cloneCredentials.describe().orElseThrow());
        try (Connection c = f.db.jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT \"SETTING_VALUE\" FROM \"SETTING\" WHERE \"SETTING_KEY\" = 'clone.credential'")) {
            assertTrue(rs.next());
            assertFalse(rs.getString(1).contains("BBDC-secret-token-123"));
        }
        assertEquals("BBDC-secret-token-123", f.s.cloneCredentials.current().orElseThrow().secret());
        assertFalse(f.s.cloneCredentials.current().orElseThrow().toString().contains("BBDC"));
    }

    @Test
    public void logRetentionPrunesOldFinishedBuilds() {
        long b = leased(f, f.s.buildQueue.enqueue(new NewBuild(f.repo, "main", "refs/heads/main", sha(1), "default",
                TriggerKind.PUSH, 0, "alice", plan("ocelot/busybox", null, "a"), null)).build());
        append(b, 0, "some output");
        f.s.buildQueue.finish(b, LEASE, io.ocelot.core.build.BuildResult.CANCELLED, "test").orElseThrow();
        f.s.settings.put("log.retentionDays", "1");
        assertEquals(0, f.s.reaper.run().logsPruned());
        f.clock.advance(java.time.Duration.ofDays(2));
        assertEquals(1, f.s.reaper.run().logsPruned());
        assertArrayEquals(new byte[0], f.s.logs.readAll(b, 1));
        assertEquals(0, f.s.reaper.run().logsPruned());
    }

    private static final String LONG_BRANCH = "feature/" + "x".repeat(1992);

    private NewBuild pushOf(String branch, String commit, io.ocelot.core.plan.BuildPlan plan) {
        return new NewBuild(f.repo, branch, "refs/heads/" + branch, commit, "default", TriggerKind.PUSH, 0, "alice",
                plan, null);
    }

    /** Issue 14.10: branches over 244 characters (refs over 255) failed the insert: no build, no status. */
    @Test
    public void branchesAndRefsOfAnyLengthAreStoredAndFound() throws Exception {
        Build b = f.s.builds.create(pushOf(LONG_BRANCH, sha(1), plan("ocelot/busybox", null, "a")), 1).build();
        Build exact = f.s.builds.create(pushOf("b".repeat(255), sha(2), plan("ocelot/busybox", null, "a")), 2).build();
        Build other = f.s.builds.create(pushOf(LONG_BRANCH + "y", sha(3), plan("ocelot/busybox", null, "a")), 3).build();
        Build read = f.s.builds.find(b.id()).orElseThrow();
        assertEquals(LONG_BRANCH, read.branch());
        assertEquals("refs/heads/" + LONG_BRANCH, read.ref());
        assertEquals("b".repeat(255), f.s.builds.find(exact.id()).orElseThrow().branch());
        assertEquals("the build list filter", List.of(b.id()), f.s.builds.search(List.of(f.repo.id()), LONG_BRANCH,
                null, null, null, 10).stream().map(Build::id).toList());
        assertEquals(List.of(exact.id()), f.s.builds.search(List.of(f.repo.id()), "b".repeat(255), null, null, null,
                10).stream().map(Build::id).toList());
        assertEquals("the branch's active builds (auto-cancel)", List.of(other.id()), f.s.builds
                .active(f.repo.id(), TriggerKind.PUSH, LONG_BRANCH + "y", 0).stream().map(Build::id).toList());
        try (Connection c = f.db.jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"BRANCH\", \"REF_ID\", \"BRANCH_FULL\" FROM \"BUILD\" WHERE \"ID\" = "
                     + b.id())) {
            assertTrue(rs.next());
            assertTrue("the indexed column holds the hash: " + rs.getString(1), rs.getString(1).matches("sha256:[0-9a-f]{64}"));
            assertTrue(rs.getString(2).matches("sha256:[0-9a-f]{64}"));
            assertEquals(LONG_BRANCH, rs.getString(3));
        }
    }

    /** Issue 14.10: a machine tag the queue columns cannot hold is refused with a clear message, writing nothing. */
    @Test
    public void aRefusedBuildLeavesNoRows() {
        try {
            f.s.builds.create(pushOf("main", sha(1), plan(null, "m".repeat(300), "a", "b")), 1);
            fail("must refuse");
        } catch (IllegalArgumentException e) {
            assertEquals("machineTag is 300 characters long; at most 255 can be stored", e.getMessage());
        }
        // and one the database refuses half-way (a stage name no parser would let through) is rolled back whole
        try {
            f.s.builds.create(pushOf("main", sha(2), plan("ocelot/busybox", null, "a", "n".repeat(300))), 1);
            fail("must refuse");
        } catch (RuntimeException expected) {
            // the database's own words
        }
        assertEquals(0, f.db.ao().count(BuildEntity.class));
        assertEquals(0, f.db.ao().count(StageEntity.class));
        assertEquals(0, f.db.ao().count(QueueTicketEntity.class));
    }
}
