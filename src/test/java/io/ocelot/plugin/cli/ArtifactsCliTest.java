package io.ocelot.plugin.cli;

import io.ocelot.core.Json;
import io.ocelot.core.api.ArtifactList;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.store.ArtifactSettings;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.MutableClock;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.ScriptedWerker;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * {@code ocelot artifacts} as the real jar, run as a process against the harness (real user API, real store, a
 * build whose artifacts a scripted werker uploaded over the werker endpoint): the list, one download, all of them
 * into a folder keeping their paths, and the refusals (no such artifact, expired, no permission).
 */
public class ArtifactsCliTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final MutableClock clock = new MutableClock();
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("reader", "t-reader").user("mallory", "t-mallory")
            .grant("reader", new RepositoryName("PROJ", "app"), RepoPermission.REPO_READ);
    private PluginHarness h;
    private long build;
    private final byte[] jar = new byte[200_000];
    private final byte[] report = "<testsuite/>\n".getBytes(StandardCharsets.UTF_8);

    @Before
    public void start() throws Exception {
        h = PluginHarness.start(PluginHarness.options().users(users).clock(clock).handPlanned(files, "build", "package")
                .config(new OcelotConfig().with(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(20))));
        RepositoryRef repo = h.enableRepository("PROJ", "app");
        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(1));
        ScriptedWerker werker = new ScriptedWerker(h, "w1");
        Job job = werker.take();
        build = job.buildId();
        new Random(3).nextBytes(jar);
        werker.artifact(job, 1, "target/app.jar", jar);
        werker.artifact(job, 0, "reports/junit/TEST-a.xml", report);
        werker.finish(job, BuildResult.PASSED, null);
    }

    @After
    public void stop() {
        h.close();
    }

    private OcelotCli.Run ocelot(File dir, String token, String... args) throws Exception {
        return new OcelotCli(dir).run(h.baseUrl(), token, null, args);
    }

    @Test
    public void listsTheArtifactsAndDownloadsOneOrAllKeepingTheirPaths() throws Exception {
        File cwd = tmp.newFolder("cwd");
        OcelotCli.Run list = ocelot(cwd, "t-reader", "artifacts", Long.toString(build));
        assertEquals(list.err(), 0, list.exit());
        String[] lines = list.out().split("\n");
        assertTrue(list.out(), lines[0].matches("PATH\\s+STAGE\\s+SIZE\\s+SHA-256"));
        assertTrue(list.out(), lines[1].matches("reports/junit/TEST-a\\.xml\\s+build\\s+13 B\\s+[0-9a-f]{16}"));
        assertTrue(list.out(), lines[2].matches("target/app\\.jar\\s+package\\s+195 KiB\\s+[0-9a-f]{16}"));

        OcelotCli.Run json = ocelot(cwd, "t-reader", "artifacts", Long.toString(build), "--json");
        assertEquals(2, Json.read(json.out(), ArtifactList.class).artifacts().size());

        OcelotCli.Run one = ocelot(cwd, "t-reader", "artifacts", Long.toString(build), "target/app.jar");
        assertEquals(one.err(), 0, one.exit());
        assertArrayEquals(jar, Files.readAllBytes(cwd.toPath().resolve("target/app.jar")));

        Path all = tmp.getRoot().toPath().resolve("out");
        OcelotCli.Run every = ocelot(cwd, "t-reader", "artifacts", Long.toString(build), "-o", all.toString());
        assertEquals(every.err(), 0, every.exit());
        assertArrayEquals(jar, Files.readAllBytes(all.resolve("target/app.jar")));
        assertArrayEquals(report, Files.readAllBytes(all.resolve("reports/junit/TEST-a.xml")));
        try (Stream<Path> walk = Files.walk(all)) {
            assertEquals("the two files and nothing half-written", 2, walk.filter(Files::isRegularFile).count());
        }
        assertTrue(every.out(), every.out().contains("target/app.jar  195 KiB  -> " + all.resolve("target/app.jar")));
    }

    @Test
    public void refusalsSayWhyAndWriteNothing() throws Exception {
        File cwd = tmp.newFolder("cwd");
        OcelotCli.Run missing = ocelot(cwd, "t-reader", "artifacts", Long.toString(build), "target/other.jar");
        assertEquals(5, missing.exit());
        assertTrue(missing.err(), missing.err().contains("has no artifact 'target/other.jar'")
                && missing.err().contains("target/app.jar"));

        OcelotCli.Run stranger = ocelot(cwd, "t-mallory", "artifacts", Long.toString(build), "-o", "out");
        assertEquals(5, stranger.exit());
        assertTrue(stranger.err(), stranger.err().contains("does not exist or you do not have permission"));

        clock.advance(Duration.ofDays(ArtifactSettings.DEFAULT_RETENTION_DAYS + 1));
        h.reap();
        OcelotCli.Run expired = ocelot(cwd, "t-reader", "artifacts", Long.toString(build), "target/app.jar");
        assertEquals(5, expired.exit());
        assertTrue(expired.err(), expired.err().contains("expired"));
        OcelotCli.Run none = ocelot(cwd, "t-reader", "artifacts", Long.toString(build), "-o", "out");
        assertEquals(1, none.exit());
        assertTrue(none.err(), none.err().contains("no artifacts to download (they expired)"));
        OcelotCli.Run listed = ocelot(cwd, "t-reader", "artifacts", Long.toString(build));
        assertEquals(0, listed.exit());
        assertTrue(listed.out(), listed.out().contains("expired"));
        try (Stream<Path> walk = Files.walk(cwd.toPath())) {
            assertEquals(List.of(), walk.filter(Files::isRegularFile).toList());
        }

        OcelotCli.Run help = ocelot(cwd, null, "artifacts", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out(), help.out().startsWith("Usage: ocelot artifacts ") && help.out().contains("-o, --output=DIR"));
        assertFalse(help.out().isEmpty());
    }
}
