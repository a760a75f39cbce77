package io.ocelot.werker.engine;

import io.ocelot.werker.engine.docker.DockerJanitor;
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

/** A werker that was killed leaves containers behind; its next start removes them and only them. */
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
        DockerFixture.runOk("docker", "run", "-d", "--init", "--label", "ocelot.werker=" + werkerName,
                "--label", "ocelot.build=" + build, Plans.IMAGE, "/bin/sh", "-c", "sleep 600");
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
    public void pruneKeepsImagesThatAreInUseOrRecent() throws Exception {
        container(werker, 50); // uses the test image
        List<String> removed = new DockerJanitor(EngineConfig.of(werker, Path.of("/tmp")))
                .pruneImages(Duration.ofDays(365 * 100));
        assertEquals(List.of(), removed);
        assertTrue(DockerFixture.run("docker", "image", "inspect", Plans.IMAGE).code() == 0);
    }
}
