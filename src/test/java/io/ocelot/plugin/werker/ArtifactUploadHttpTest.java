package io.ocelot.plugin.werker;

import io.ocelot.core.Json;
import io.ocelot.core.protocol.Messages.ArtifactStored;
import io.ocelot.core.protocol.Messages.ErrorReply;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.plugin.build.Artifact;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.MutableClock;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.ScriptedWerker;
import io.ocelot.plugin.testkit.WerkerHttp;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The artifact upload over real HTTP ({@code PUT builds/{id}/artifacts}, the werker resource on the harness, real
 * AO): stored with its size and SHA-256, replaced by a second upload of the path, refused with 413 past the build's
 * cap (declared or streamed) keeping nothing, 409 under a lease that is not current, 400 for a path outside the
 * workspace, 401 without a valid token.
 */
public class ArtifactUploadHttpTest {
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final MutableClock clock = new MutableClock();
    private PluginHarness h;
    private RepositoryRef repo;
    private ScriptedWerker werker;
    private Job job;

    @Before
    public void start() throws Exception {
        h = PluginHarness.start(PluginHarness.options()
                .handPlanned(files, "build", "package")
                .clock(clock)
                .config(new OcelotConfig().with(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(20))));
        repo = h.enableRepository("PROJ", "repo");
        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(1));
        werker = new ScriptedWerker(h, "w1");
        job = werker.take();
    }

    @After
    public void stop() {
        h.close();
    }

    private HttpResponse<String> put(LeaseRef lease, int stage, String path, byte[] data) throws Exception {
        return WerkerHttp.putArtifact(h, job.buildId(), WerkerHttp.artifactQuery(lease, stage, path), werker.token(),
                BodyPublishers.ofByteArray(data));
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private List<Path> storedFiles() throws IOException {
        Path dir = h.services().artifactRoot.resolve(Long.toString(job.buildId()));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private List<Path> incoming() throws IOException {
        Path dir = h.services().artifactRoot.resolve("incoming");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    public void anUploadIsStoredWithItsSizeAndDigestAndAnotherUploadOfThePathReplacesIt() throws Exception {
        byte[] jar = bytes(300_000, 1); // several reads of the stream
        HttpResponse<String> r = put(job.lease(), 1, "target/app.jar", jar);
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals(new ArtifactStored("target/app.jar", 300_000, 300_000), Json.read(r.body(), ArtifactStored.class));
        Artifact stored = h.services().artifacts.find(job.buildId(), "target/app.jar").orElseThrow();
        assertEquals(1, stored.stage());
        assertEquals(1, stored.attempt());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)), stored.sha256());
        assertArrayEquals(jar, Files.readAllBytes(h.services().artifactRoot.resolve(stored.storedAs())));

        HttpResponse<String> other = put(job.lease(), 0, "report.txt", "ok\n".getBytes());
        assertEquals(new ArtifactStored("report.txt", 3, 300_003), Json.read(other.body(), ArtifactStored.class));

        byte[] smaller = bytes(1000, 2);
        HttpResponse<String> again = put(job.lease(), 1, "target/app.jar", smaller);
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals("the replaced version no longer counts", new ArtifactStored("target/app.jar", 1000, 1003),
                Json.read(again.body(), ArtifactStored.class));
        Artifact replaced = h.services().artifacts.find(job.buildId(), "target/app.jar").orElseThrow();
        assertArrayEquals(smaller, Files.readAllBytes(h.services().artifactRoot.resolve(replaced.storedAs())));
        assertEquals(2, h.services().artifacts.list(job.buildId()).size());
        assertEquals("the old file is deleted", 2, storedFiles().size());
        assertEquals("no upload left half-way", List.of(), incoming());

        HttpResponse<String> empty = put(job.lease(), 0, "empty.log", new byte[0]);
        assertEquals(empty.body(), 200, empty.statusCode());
        assertEquals(0, Json.read(empty.body(), ArtifactStored.class).bytes());
    }

    @Test
    public void anUploadPastTheBuildsCapIsRefusedWith413AndNothingIsKept() throws Exception {
        h.services().artifactSettings.setMaxBuildBytes(10_000);
        assertEquals(200, put(job.lease(), 0, "first.bin", bytes(6000, 1)).statusCode());

        HttpResponse<String> declared = put(job.lease(), 0, "second.bin", bytes(5000, 2));
        assertEquals(declared.body(), 413, declared.statusCode());
        String error = Json.read(declared.body(), ErrorReply.class).error();
        assertTrue(error, error.contains("artifact cap of build " + job.buildId()) && error.contains("10000 bytes")
                && error.contains("'second.bin'"));

        // no Content-Length (chunked): counted while streaming, stopped at the cap
        HttpResponse<String> streamed = WerkerHttp.putArtifact(h, job.buildId(),
                WerkerHttp.artifactQuery(job.lease(), 0, "third.bin"), werker.token(),
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes(5000, 3))));
        assertEquals(streamed.body(), 413, streamed.statusCode());
        assertTrue(streamed.body(), streamed.body().contains("10000 bytes"));

        assertEquals(List.of("first.bin"), h.services().artifacts.list(job.buildId()).stream().map(Artifact::path).toList());
        assertEquals(1, storedFiles().size());
        assertEquals(List.of(), incoming());
        assertEquals("what is left still fits", 200, put(job.lease(), 0, "fits.bin", bytes(4000, 4)).statusCode());
    }

    @Test
    public void anUploadUnderALeaseThatIsNotCurrentIsRefusedWith409() throws Exception {
        HttpResponse<String> wrongLease = put(new LeaseRef(job.lease().attempt(), "not-the-lease"), 0, "a.bin", bytes(10, 1));
        assertEquals(wrongLease.body(), 409, wrongLease.statusCode());
        HttpResponse<String> wrongAttempt = put(new LeaseRef(job.lease().attempt() + 1, job.lease().leaseId()), 0,
                "a.bin", bytes(10, 1));
        assertEquals(wrongAttempt.body(), 409, wrongAttempt.statusCode());

        ScriptedWerker other = new ScriptedWerker(h, "w2");
        HttpResponse<String> otherWerker = WerkerHttp.putArtifact(h, job.buildId(),
                WerkerHttp.artifactQuery(job.lease(), 0, "a.bin"), other.token(), BodyPublishers.ofByteArray(bytes(10, 1)));
        assertEquals("the lease is the holder's, not any werker's", 409, otherWerker.statusCode());

        werker.finish(job, io.ocelot.core.build.BuildResult.PASSED, null);
        HttpResponse<String> finished = put(job.lease(), 0, "a.bin", bytes(10, 1));
        assertEquals(409, finished.statusCode());
        assertTrue(finished.body(), finished.body().contains("it has finished"));

        assertEquals(List.of(), h.services().artifacts.list(job.buildId()));
        assertEquals(List.of(), storedFiles());
        assertEquals(List.of(), incoming());
    }

    @Test
    public void aPathOutsideTheWorkspaceIsRefusedWith400NamingIt() throws Exception {
        for (String bad : List.of("../../etc/passwd", "/etc/passwd", "..\\..\\boot.ini", "a/./b", "a//b")) {
            HttpResponse<String> r = put(job.lease(), 0, bad, bytes(10, 1));
            assertEquals(bad + ": " + r.body(), 400, r.statusCode());
            String error = Json.read(r.body(), ErrorReply.class).error();
            assertTrue(error, error.contains("'" + bad.replace("\\", "\\") + "'"));
        }
        HttpResponse<String> noPath = WerkerHttp.putArtifact(h, job.buildId(), "attempt=" + job.lease().attempt()
                + "&lease=" + job.lease().leaseId() + "&stage=0", werker.token(), BodyPublishers.ofByteArray(bytes(1, 1)));
        assertEquals(400, noPath.statusCode());
        assertTrue(noPath.body(), noPath.body().contains("path is missing"));
        HttpResponse<String> noStage = put(job.lease(), 2, "a.bin", bytes(1, 1));
        assertEquals(400, noStage.statusCode());
        assertTrue(noStage.body(), noStage.body().contains("2 stage(s)"));
        assertEquals(List.of(), h.services().artifacts.list(job.buildId()));
        assertEquals(List.of(), incoming());
    }

    @Test
    public void anUploadWithoutAValidTokenIsRefusedWith401() throws Exception {
        for (String token : new String[]{null, "forged-token"}) {
            HttpResponse<String> r = WerkerHttp.putArtifact(h, job.buildId(),
                    WerkerHttp.artifactQuery(job.lease(), 0, "a.bin"), token, BodyPublishers.ofByteArray(bytes(10, 1)));
            assertEquals(r.body(), 401, r.statusCode());
        }
        assertEquals(List.of(), h.services().artifacts.list(job.buildId()));
    }
}
