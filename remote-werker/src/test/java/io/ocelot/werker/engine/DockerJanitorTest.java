package io.ocelot.werker.engine;

import io.ocelot.werker.engine.docker.DockerJanitor;
import io.ocelot.werker.engine.docker.ImageLedger;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A werker that was killed leaves containers and workspaces behind; its next start removes them and only them. Its
 * image garbage collection touches only the images it pulled.
 */
public class DockerJanitorTest {
    private final String werker = "janitor-" + UUID.randomUUID().toString().substring(0, 8);
    private final String other = werker + "-other";

    @BeforeClass
    public static void dockerIsThere() {
        DockerFixture.requireDocker();
    }

    @After
    public void cleanUp() {
        DockerFixture.removeLabelled("ocelot.werker=" + werker);
        DockerFixture.removeLabelled("ocelot.werker=" + other);
    }

    private static void container(String werkerName, long build) {
        container(werkerName, build, Plans.IMAGE);
    }

    private static void container(String werkerName, long build, String image) {
        DockerFixture.runOk("docker", "run", "-d", "--init", "--label", "ocelot.werker=" + werkerName,
                "--label", "ocelot.build=" + build, image, "/bin/sh", "-c", "sleep 600");
    }

    @Test
    public void removesLeftoversOfBuildsNoLongerRunningAndNothingElse() throws Exception {
        container(werker, 41);               // left by a crash
        DockerFixture.runOk("docker", "create", "--label", "ocelot.werker=" + werker, "--label", "ocelot.build=42",
                Plans.IMAGE, "/bin/true");   // created, never started
        container(werker, 43);               // still running in this werker
        container(other, 41);                // another werker's build on the same engine

        DockerJanitor janitor = new DockerJanitor(EngineConfig.of(werker, Path.of("/tmp")));
        Set<Long> found = janitor.removeLeftovers(werker, Set.of(43L));

        assertEquals(Set.of(41L, 42L), found);
        assertEquals(1, DockerFixture.containersLabelled("ocelot.werker=" + werker).size());
        assertEquals(1, DockerFixture.containersLabelled("ocelot.build=43").stream()
                .filter(id -> DockerFixture.containersLabelled("ocelot.werker=" + werker).contains(id)).count());
        assertEquals(1, DockerFixture.containersLabelled("ocelot.werker=" + other).size());
        assertEquals(Set.of(), janitor.removeLeftovers(werker, Set.of(43L)));
    }

    @Test
    public void removesTheNetworksAndWorkspaceVolumesOfBuildsNoLongerRunningAndNothingElse() throws Exception {
        for (String[] nv : new String[][]{{werker, "51"}, {werker, "52"}, {other, "51"}}) {
            String name = nv[0] + "-" + nv[1];
            DockerFixture.runOk("docker", "network", "create", "--label", "ocelot.werker=" + nv[0],
                    "--label", "ocelot.build=" + nv[1], name);
            DockerFixture.runOk("docker", "volume", "create", "--label", "ocelot.werker=" + nv[0],
                    "--label", "ocelot.build=" + nv[1], name);
        }
        container(werker, 51); // a crashed build's container still on its network
        DockerFixture.runOk("docker", "network", "connect", werker + "-51",
                DockerFixture.containersLabelled("ocelot.werker=" + werker).get(0));

        DockerJanitor janitor = new DockerJanitor(EngineConfig.of(werker, Path.of("/tmp")));
        Set<Long> found = janitor.removeLeftovers(werker, Set.of(52L));

        assertEquals(Set.of(51L), found);
        assertEquals("the running build's network stays", List.of(werker + "-52"),
                DockerFixture.networksLabelled("ocelot.werker=" + werker).stream()
                        .map(id -> DockerFixture.runOk("docker", "network", "inspect", "-f", "{{.Name}}", id).out()
                                .strip()).toList());
        assertEquals("the running build's volume stays", List.of(werker + "-52"),
                DockerFixture.volumesLabelled("ocelot.werker=" + werker));
        assertEquals("another werker's network", 1, DockerFixture.networksLabelled("ocelot.werker=" + other).size());
        assertEquals("another werker's volume", List.of(other + "-51"),
                DockerFixture.volumesLabelled("ocelot.werker=" + other));
    }

    @Test
    public void aBuildWhoseWerkerDiedLeavesNothingOnceTheJanitorRan() throws Exception {
        // what a werker killed with -9 leaves: the session is opened (container, network, volume, service, a
        // stage's own container) and never closed
        EngineConfig config = EngineConfig.of(werker, Path.of("/tmp"));
        io.ocelot.core.plan.BuildPlan plan = Plans.withServices(Plans.docker(Plans.needs(Plans.stage("s", "sleep 60"))),
                new io.ocelot.core.plan.ServiceSpec("svc", Plans.IMAGE, java.util.Map.of(), List.of("sleep", "600")));
        Path ws = java.nio.file.Files.createTempDirectory("ocelot-janitor-ws-");
        try {
            Executor.Session session = new io.ocelot.werker.engine.docker.DockerExecutor(config).open(
                    new BuildRequest(61, werker, plan, null, null, "main", ws, java.util.Map.of(), null), ws,
                    line -> { }, new Cancellation());
            session.start(0, "sleep 60\n", java.util.Map.of(), null, (stream, data) -> { });
            assertEquals("build container, service, the stage's own", 3,
                    DockerFixture.containersLabelled("ocelot.werker=" + werker).size());
            assertEquals(1, DockerFixture.networksLabelled("ocelot.werker=" + werker).size());
            assertEquals(1, DockerFixture.volumesLabelled("ocelot.werker=" + werker).size());

            Set<Long> found = new DockerJanitor(config).removeLeftovers(werker, Set.of());

            assertEquals(Set.of(61L), found);
            DockerFixture.assertNoDockerLeftovers("ocelot.werker=" + werker);
        } finally {
            Trees.deleteRecursively(ws);
        }
    }

    /** A distinct image of about {@code mib} MiB made here (as if pulled), tagged {@code ref}. */
    private static long image(String ref, int mib) {
        String c = DockerFixture.runOk("docker", "run", "-d", "--label", "ocelot.werker=" + "gc-maker", Plans.IMAGE,
                "/bin/sh", "-c", "dd if=/dev/urandom of=/blob bs=1M count=" + mib + " 2>/dev/null").out().strip();
        DockerFixture.runOk("docker", "wait", c);
        DockerFixture.runOk("docker", "commit", c, ref);
        DockerFixture.runOk("docker", "rm", "-f", c);
        return Long.parseLong(DockerFixture.runOk("docker", "image", "inspect", "-f", "{{.Size}}", ref).out().strip());
    }

    private static boolean exists(String ref) {
        return DockerFixture.run("docker", "image", "inspect", ref).code() == 0;
    }

    @Test
    public void imageGcRemovesOnlyImagesThisWerkerPulledLeastRecentlyUsedFirstWithinTheBudget() throws Exception {
        String prefix = "ocelot-gc-test/" + werker;
        String oldest = prefix + "-a:1";
        String middle = prefix + "-b:1";
        String newest = prefix + "-c:1";
        String tenant = prefix + "-tenant:1"; // someone else's, older than all of them
        Path dir = java.nio.file.Files.createTempDirectory("ledger");
        Path ledgerFile = dir.resolve("pulled-images.json");
        try {
            image(tenant, 1);
            image(oldest, 3);
            long middleSize = image(middle, 2);
            long newestSize = image(newest, 3);
            long now = System.currentTimeMillis();
            java.nio.file.Files.writeString(ledgerFile, "{\"" + oldest + "\": " + (now - 3_000_000) + ", \"" + middle
                    + "\": " + (now - 2_000_000) + ", \"" + newest + "\": " + (now - 1_000_000) + "}");
            ImageLedger ledger = new ImageLedger(ledgerFile);
            DockerJanitor janitor = new DockerJanitor(EngineConfig.of(werker, dir));

            List<String> removed = janitor.pruneImages(ledger, Duration.ofDays(365 * 100), middleSize + newestSize + 1);

            assertEquals("the least recently used goes first, and only as much as the budget needs",
                    List.of(oldest), removed);
            assertTrue(exists(middle) && exists(newest));
            assertTrue("an image this werker did not pull is never removed", exists(tenant));
            assertTrue(exists(Plans.IMAGE));
            assertEquals(List.of(middle, newest), List.copyOf(ledger.byLastUse().keySet()));

            // unused for longer than the limit: removed whatever the budget, unless a container still uses it
            container(werker, 51, middle);
            assertEquals(List.of(newest), janitor.pruneImages(ledger, Duration.ofMillis(1), 0));
            assertTrue("in use by a container", exists(middle));
            assertTrue(exists(tenant));
        } finally {
            cleanUp();
            for (String ref : List.of(oldest, middle, newest, tenant)) {
                DockerFixture.run("docker", "rmi", "-f", ref);
            }
        }
    }

    @Test
    public void workspacesOfBuildsNoLongerRunningAreSwept() throws Exception {
        Path work = java.nio.file.Files.createTempDirectory("sweep");
        Path crashed = java.nio.file.Files.createDirectories(work.resolve("build-41-123/workspace/src"));
        java.nio.file.Files.writeString(crashed.resolve("big.o"), "object code");
        Path running = java.nio.file.Files.createDirectories(work.resolve("build-43-456"));
        Path starting = java.nio.file.Files.createDirectories(work.resolve("build-44-789"));
        Path notOurs = java.nio.file.Files.createDirectories(work.resolve("cache"));
        java.nio.file.Files.setLastModifiedTime(work.resolve("build-41-123"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 600_000));

        assertEquals(Set.of(41L), WorkspaceSweeper.sweep(work, Set.of(43L), Duration.ofMinutes(2)));
        assertTrue(java.nio.file.Files.exists(running) && java.nio.file.Files.exists(starting)
                && java.nio.file.Files.exists(notOurs));
        assertTrue(!java.nio.file.Files.exists(work.resolve("build-41-123")));
        assertEquals("at start-up nothing runs: every build workspace goes", Set.of(43L, 44L),
                WorkspaceSweeper.sweep(work, Set.of(), Duration.ZERO));
        assertTrue(java.nio.file.Files.exists(notOurs));
    }
}
