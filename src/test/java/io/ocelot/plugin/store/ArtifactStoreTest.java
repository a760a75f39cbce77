package io.ocelot.plugin.store;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.artifact.ArtifactFiles;
import io.ocelot.plugin.build.Artifact;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.ui.BuildArtifacts;
import io.ocelot.plugin.ui.UserFacingException;
import org.junit.After;
import org.junit.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** The ARTIFACT table on the real AO ORM (HSQLDB, and PostgreSQL in the postgresql-stores run). */
public class ArtifactStoreTest {
    private static final String LEASE = "lease-1";
    private static final long CAP = 1000;
    private final Fixture f = new Fixture();
    private final ArtifactStore store = f.s.artifacts;

    @After
    public void close() {
        f.close();
    }

    private long leasedBuild(int n) {
        Build b = f.s.buildQueue.enqueue(new NewBuild(f.repo, "main", "refs/heads/main", sha(n), "default",
                TriggerKind.PUSH, 0, "alice", plan("ocelot/busybox", null, "build", "package"), null)).build();
        QueueStore.Ticket t = f.s.queue.waiting(List.of(), 100).stream().filter(x -> x.buildId() == b.id())
                .findFirst().orElseThrow();
        f.s.buildQueue.claim(t, 1, "lease-" + n).orElseThrow(); // LEASE for build 1
        return b.id();
    }

    private ArtifactStore.Outcome record(long build, String lease, String path, long bytes, String storedAs) {
        return store.record(build, 1, lease, 1, path, bytes, "ab".repeat(32), storedAs, CAP, f.clock.millis());
    }

    @Test
    public void aRecordedArtifactIsListedAndFoundByPath() {
        long b = leasedBuild(1);
        ArtifactStore.Outcome o = record(b, LEASE, "target/app.jar", 300, b + "/" + "1".repeat(32));
        assertEquals(ArtifactStore.Outcome.Kind.STORED, o.kind());
        assertEquals(300, o.totalBytes());
        assertNull("a new path replaces nothing", o.replaced());
        assertEquals(ArtifactStore.Outcome.Kind.STORED, record(b, LEASE, "docs/index.html", 200,
                b + "/" + "2".repeat(32)).kind());

        List<Artifact> all = store.list(b);
        assertEquals(List.of("docs/index.html", "target/app.jar"), all.stream().map(Artifact::path).toList());
        Artifact jar = store.find(b, "target/app.jar").orElseThrow();
        assertEquals(new Artifact(b, 1, 1, "target/app.jar", 300, "ab".repeat(32), b + "/" + "1".repeat(32),
                f.clock.millis(), false), jar);
        assertTrue(store.find(b, "target/other.jar").isEmpty());
        assertTrue("another build has none", store.list(leasedBuild(2)).isEmpty());
    }

    @Test
    public void uploadingAPathAgainReplacesItsRowAndHandsBackTheOldFile() {
        long b = leasedBuild(1);
        record(b, LEASE, "app.jar", 600, b + "/" + "1".repeat(32));
        assertEquals("the old version does not count against the cap", 600, store.bytesBesides(b, 1, "other"));
        assertEquals(0, store.bytesBesides(b, 1, "app.jar"));
        ArtifactStore.Outcome again = record(b, LEASE, "app.jar", 900, b + "/" + "2".repeat(32));
        assertEquals(ArtifactStore.Outcome.Kind.STORED, again.kind());
        assertEquals(900, again.totalBytes());
        assertEquals(b + "/" + "1".repeat(32), again.replaced());
        assertEquals(1, store.list(b).size());
        assertEquals(900, store.find(b, "app.jar").orElseThrow().bytes());
    }

    @Test
    public void aBuildsArtifactsStayWithinItsCap() {
        long b = leasedBuild(1);
        record(b, LEASE, "a.bin", 700, b + "/" + "1".repeat(32));
        ArtifactStore.Outcome over = record(b, LEASE, "b.bin", 301, b + "/" + "2".repeat(32));
        assertEquals(ArtifactStore.Outcome.Kind.OVER_CAP, over.kind());
        assertEquals("what the others take", 700, over.totalBytes());
        assertTrue("nothing written", store.find(b, "b.bin").isEmpty());
        assertEquals("exactly at the cap fits", ArtifactStore.Outcome.Kind.STORED,
                record(b, LEASE, "b.bin", 300, b + "/" + "3".repeat(32)).kind());
    }

    @Test
    public void aRequeuedBuildsNewAttemptReplacesTheArtifactsOfTheEarlierOne() {
        long b = leasedBuild(1);
        record(b, LEASE, "a.bin", 600, b + "/" + "1".repeat(32));
        record(b, LEASE, "b.bin", 300, b + "/" + "2".repeat(32));
        f.clock.advance(Duration.ofMinutes(5)); // the werker vanished: its lease runs out, the build is requeued
        assertEquals(1, f.s.reaper.run().requeued());
        assertEquals("queued again: the last attempt's are shown", 2, f.s.buildArtifacts.list(b).artifacts().size());
        QueueStore.Ticket t = f.s.queue.waiting(List.of(), 100).stream().filter(x -> x.buildId() == b)
                .findFirst().orElseThrow();
        f.s.buildQueue.claim(t, 1, "lease-again").orElseThrow();
        assertEquals("running again: an earlier attempt's artifacts are not the build's", List.of(),
                f.s.buildArtifacts.list(b).artifacts());
        assertEquals("the cap counts this attempt only", 0, store.bytesBesides(b, 2, "c.bin"));

        ArtifactStore.Outcome o = store.record(b, 2, "lease-again", 0, "a.bin", 900, "cd".repeat(32),
                b + "/" + "3".repeat(32), CAP, f.clock.millis());
        assertEquals(ArtifactStore.Outcome.Kind.STORED, o.kind());
        assertEquals(900, o.totalBytes());
        assertEquals(List.of(b + "/" + "1".repeat(32), b + "/" + "2".repeat(32)),
                o.earlierAttempts().stream().sorted().toList());
        assertEquals(List.of("a.bin"), store.list(b).stream().map(Artifact::path).toList());
        assertEquals(2, store.find(b, "a.bin").orElseThrow().attempt());
        assertEquals(1, f.s.buildArtifacts.list(b).artifacts().size());
    }

    @Test
    public void anUploadUnderALeaseThatIsNotCurrentWritesNothing() {
        long b = leasedBuild(1);
        assertEquals(ArtifactStore.Outcome.Kind.LEASE_LOST, record(b, "someone-elses", "a.bin", 1,
                b + "/" + "1".repeat(32)).kind());
        assertEquals("an attempt that is not current", ArtifactStore.Outcome.Kind.LEASE_LOST,
                store.record(b, 2, LEASE, 0, "a.bin", 1, "00", b + "/" + "1".repeat(32), CAP, 0).kind());
        f.s.buildQueue.finish(b, LEASE, BuildResult.PASSED, null).orElseThrow();
        assertEquals("a finished build", ArtifactStore.Outcome.Kind.LEASE_LOST, record(b, LEASE, "a.bin", 1,
                b + "/" + "1".repeat(32)).kind());
        assertTrue(store.list(b).isEmpty());
    }

    @Test
    public void theRetentionRemovesFilesAndKeepsTheRowsMarkedExpired() throws Exception {
        long b = leasedBuild(1);
        ArtifactFiles files = f.s.artifactFiles;
        byte[] bytes = "the jar".getBytes(StandardCharsets.UTF_8);
        ArtifactFiles.Staged staged = files.stage(new ByteArrayInputStream(bytes), CAP);
        String storedAs = files.place(staged, b);
        assertEquals(ArtifactStore.Outcome.Kind.STORED, store.record(b, 1, LEASE, 0, "app.jar", staged.bytes(),
                staged.sha256(), storedAs, CAP, f.clock.millis()).kind());
        f.s.buildQueue.finish(b, LEASE, BuildResult.PASSED, null).orElseThrow();
        try (BuildArtifacts.Download d = f.s.buildArtifacts.open(b, "app.jar").orElseThrow()) {
            assertArrayEquals(bytes, d.content().readAllBytes());
            assertEquals(bytes.length, d.size());
        }

        f.clock.advance(Duration.ofDays(ArtifactSettings.DEFAULT_RETENTION_DAYS).minusMinutes(1));
        assertEquals("not yet", 0, f.s.reaper.run().artifactsPruned());
        f.clock.advance(Duration.ofMinutes(2));
        assertEquals(1, f.s.reaper.run().artifactsPruned());
        assertEquals("once", 0, f.s.reaper.run().artifactsPruned());

        assertFalse("the file is gone", Files.exists(f.s.artifactRoot.resolve(storedAs)));
        Artifact row = store.find(b, "app.jar").orElseThrow();
        assertTrue(row.expired());
        assertEquals(0, store.bytesBesides(b, 1, "other"));
        assertEquals(1, f.s.buildArtifacts.list(b).artifacts().size());
        assertTrue(f.s.buildArtifacts.list(b).artifacts().get(0).expired());
        assertEquals(0, f.s.buildArtifacts.list(b).totalBytes());
        try {
            f.s.buildArtifacts.open(b, "app.jar");
            fail("an expired artifact is not served");
        } catch (UserFacingException e) {
            assertEquals(UserFacingException.Kind.NOT_FOUND, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("expired"));
        }
    }

    @Test
    public void retentionZeroKeepsArtifactsForEver() throws Exception {
        long b = leasedBuild(1);
        record(b, LEASE, "a.bin", 1, b + "/" + "1".repeat(32));
        f.s.artifactSettings.setRetentionDays(0);
        f.clock.advance(Duration.ofDays(400));
        assertEquals(0, f.s.reaper.run().artifactsPruned());
        assertFalse(store.find(b, "a.bin").orElseThrow().expired());
    }

    @Test
    public void anUploadLeftHalfWrittenIsSweptAfterADay() throws Exception {
        ArtifactFiles files = f.s.artifactFiles;
        java.nio.file.Path incoming = Files.createDirectories(f.s.artifactRoot.resolve("incoming"));
        java.nio.file.Path left = Files.writeString(incoming.resolve("0".repeat(32) + ".part"), "half");
        Files.setLastModifiedTime(left, java.nio.file.attribute.FileTime.fromMillis(f.clock.millis()));
        f.s.reaper.run();
        assertTrue("too young", Files.exists(left));
        f.clock.advance(Duration.ofHours(25));
        f.s.reaper.run();
        assertFalse(Files.exists(left));
        assertEquals(0, files.sweepIncoming(f.clock.millis()));
    }
}
