package io.ocelot.werker.agent;

import io.ocelot.cli.WerkerCommand;
import io.ocelot.werker.agent.client.Backoff;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** {@code ocelot werker start} configuration: environment, flags, and the errors a host admin sees (exit 2). */
public class AgentConfigTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private String stderr;

    private int run(Map<String, String> env, String... args) {
        StringWriter err = new StringWriter();
        List<RunnerSettings> engineAsked = new ArrayList<>();
        CommandLine cl = new CommandLine(new WerkerCommand.Start(env, settings -> {
            engineAsked.add(settings);
            throw new IllegalStateException("no engine in this test");
        }));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        stderr = err.toString();
        return code;
    }

    private String work() throws IOException {
        return tmp.newFolder().toString();
    }

    @Test
    public void environmentIsReadAndFlagsWin() throws Exception {
        Path work = tmp.newFolder().toPath();
        AgentConfig cfg = new AgentConfig.Builder()
                .environment(Map.of(AgentConfig.ENV_SERVER, "https://bb.example.com/bitbucket/",
                        AgentConfig.ENV_TOKEN, "env-token"))
                .token("flag-token").name("build-01").labels(List.of("docker", " arm64 ", ""))
                .workDir(work).grace("30s").drainTimeout("2m").diskFloor("2GiB").maxBuilds(3)
                .build();
        assertEquals("https://bb.example.com/bitbucket", cfg.server().toString());
        assertEquals("https://bb.example.com/bitbucket/rest/ocelot/1.0/werker", cfg.apiBase().toString());
        assertEquals("flag-token", cfg.token());
        assertEquals(List.of("docker", "arm64"), cfg.labels());
        assertEquals(Duration.ofSeconds(30), cfg.grace());
        assertEquals(Duration.ofMinutes(2), cfg.drainTimeout());
        assertEquals(2L << 30, cfg.diskFloorBytes());
        assertEquals(3, cfg.maxBuilds());
        assertEquals("stages of a graph at once, by default", 4, cfg.parallelStages());
        assertNull(cfg.registrationSecret());
        assertFalse("no secret in toString", cfg.toString().contains("flag-token"));
    }

    @Test
    public void everyProblemIsReportedAtOnceWithExitCode2() throws Exception {
        int code = run(Map.of(), "--server", "ftp://bb.example.com", "--max-builds", "0", "--work-dir", work(),
                "--parallel-stages", "0", "--grace", "soon", "--disk-floor", "lots", "--labels", "ok,bad label");
        assertEquals(2, code);
        assertTrue(stderr, stderr.contains("--server: 'ftp://bb.example.com' is not an http(s) URL"));
        assertTrue(stderr, stderr.contains("--max-builds: must be at least 1, got 0"));
        assertTrue(stderr, stderr.contains("--parallel-stages: must be at least 1, got 0"));
        assertTrue(stderr, stderr.contains("--grace: not a duration: 'soon'"));
        assertTrue(stderr, stderr.contains("--disk-floor: not a size: 'lots'"));
        assertTrue(stderr, stderr.contains("--labels: 'bad label' is not a label"));
        assertTrue(stderr, stderr.contains("no werker token: set OCELOT_WERKER_TOKEN"));
    }

    @Test
    public void cachesLiveUnderTheWorkDirUnlessToldAndTheirCapMustBePositive() throws Exception {
        Path work = tmp.newFolder().toPath();
        AgentConfig cfg = new AgentConfig.Builder().server("https://bb.example.com").token("t").workDir(work).build();
        assertEquals(work.toAbsolutePath().normalize().resolve("caches"), cfg.cacheDir());
        assertEquals(10L * 1024 * 1024 * 1024, cfg.cacheMaxBytes());

        Path elsewhere = tmp.newFolder().toPath();
        cfg = new AgentConfig.Builder().server("https://bb.example.com").token("t").workDir(work).cacheDir(elsewhere)
                .cacheMaxBytes("200MiB").build();
        assertEquals(elsewhere.toAbsolutePath().normalize(), cfg.cacheDir());
        assertEquals(200L * 1024 * 1024, cfg.cacheMaxBytes());

        assertEquals(2, run(Map.of(AgentConfig.ENV_TOKEN, "t"), "--server", "https://bb.example.com", "--work-dir",
                work(), "--cache-max-bytes", "0"));
        assertTrue(stderr, stderr.contains("--cache-max-bytes: must be more than 0, got 0"));
    }

    @Test
    public void theOcelotBinaryRoutesWerkerStartHere() throws Exception {
        assertEquals(2, io.ocelot.cli.Main.run("werker", "start", "--server", "ftp://x", "--work-dir", work()));
    }

    @Test
    public void aMissingServerAndAMalformedUrlAreNamed() throws Exception {
        assertEquals(2, run(Map.of(AgentConfig.ENV_TOKEN, "t"), "--work-dir", work()));
        assertTrue(stderr, stderr.contains("no server: set OCELOT_SERVER or --server"));
        assertEquals(2, run(Map.of(AgentConfig.ENV_TOKEN, "t"), "--server", "http://exa mple", "--work-dir", work()));
        assertTrue(stderr, stderr.contains("--server: 'http://exa mple' is not a URL"));
        assertEquals(2, run(Map.of(AgentConfig.ENV_TOKEN, "t"), "--server", "https://u:p@bb.example.com", "--work-dir", work()));
        assertTrue(stderr, stderr.contains("must be a base URL"));
    }

    @Test
    public void anUnusableWorkDirIsNamed() throws Exception {
        Path file = tmp.newFile("not-a-dir").toPath();
        assertEquals(2, run(Map.of(AgentConfig.ENV_TOKEN, "t", AgentConfig.ENV_SERVER, "https://bb.example.com"),
                "--work-dir", file.resolve("work").toString()));
        assertTrue(stderr, stderr.contains("--work-dir: cannot create " + file.resolve("work")));
    }

    @Test
    public void aSavedTokenIsEnoughAndNeitherTokenNorSecretIsEverPrinted() throws Exception {
        Path work = tmp.newFolder().toPath();
        new TokenStore(work).save("saved-token");
        AgentConfig cfg = new AgentConfig.Builder().server("https://bb.example.com").workDir(work).build();
        assertNull("the saved token is read at start, not copied into the config", cfg.token());

        int code = run(Map.of(AgentConfig.ENV_REGISTRATION_SECRET, "env-secret-xyz"), "--server", "nope",
                "--token", "flag-token-abc", "--work-dir", work.toString());
        assertEquals(2, code);
        assertTrue(stderr, stderr.contains("visible to other users"));
        assertFalse(stderr, stderr.contains("flag-token-abc"));
        assertFalse(stderr, stderr.contains("env-secret-xyz"));
    }

    @Test
    public void aValidConfigurationReachesTheEngineAndItsFailureIsExit3() throws Exception {
        int code = run(Map.of(AgentConfig.ENV_TOKEN, "t"), "--server", "https://bb.example.com", "--work-dir", work(),
                "--name", "w1");
        assertEquals(3, code);
        assertTrue(stderr, stderr.contains("cannot start the build engine: no engine in this test"));
    }

    @Test
    public void unitsParse() {
        assertEquals(Duration.ofMillis(250), Units.parseDuration("250ms"));
        assertEquals(Duration.ofSeconds(10), Units.parseDuration("10"));
        assertEquals(Duration.ofMinutes(5), Units.parseDuration("5m"));
        assertEquals(Duration.ofHours(1), Units.parseDuration("1h"));
        assertEquals(Duration.ofDays(7), Units.parseDuration("7d"));
        assertEquals(Duration.ofSeconds(90), Units.parseDuration("PT1M30S"));
        assertEquals(2L << 30, Units.parseBytes("2GiB"));
        assertEquals(500L << 20, Units.parseBytes("500M"));
        assertEquals(64L << 10, Units.parseBytes("64k"));
        assertEquals(0, Units.parseBytes("0"));
        assertEquals("2.0 GiB", Units.formatBytes(2L << 30));
        try {
            Units.parseBytes("99999999999999T");
            fail("overflow must be refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("too large"));
        }
    }

    @Test
    public void backoffGrowsWithJitterUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        long[] bounds = {100, 200, 400, 800, 1000, 1000};
        for (long max : bounds) {
            long d = b.next().toMillis();
            assertTrue(d + " within [" + max / 2 + ", " + max + "]", d >= max / 2 && d <= max);
        }
        b.reset();
        assertTrue(b.next().toMillis() <= 100);
    }

    @Test
    public void tokenFileIsOwnerOnly() throws Exception {
        Path work = tmp.newFolder().toPath();
        TokenStore store = new TokenStore(work);
        store.save("first");
        store.save("second");
        assertEquals("second", store.read().orElseThrow());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(store.file())));
    }

    @Test
    public void theStageUserIsCheckedAndARootWerkerNeverRunsStagesAsRoot() throws Exception {
        org.junit.Assume.assumeTrue("as root", io.ocelot.werker.engine.shell.StageUser.currentUid() == 0);
        assertEquals(2, run(Map.of(), "--server", "https://bb.example.com", "--token", "t", "--work-dir", work(),
                "--stage-user", "no-such-user-here"));
        assertTrue(stderr, stderr.contains("--stage-user: no user 'no-such-user-here' on this host"));
        assertEquals(2, run(Map.of(), "--server", "https://bb.example.com", "--token", "t", "--work-dir", work(),
                "--stage-user", "0:0"));
        assertTrue(stderr, stderr.contains("--stage-user: the stage user must not be root (uid 0)"));

        Path work = tmp.newFolder().toPath();
        AgentConfig numeric = new AgentConfig.Builder().server("https://bb.example.com").token("t").workDir(work)
                .stageUser("64123:64123").build();
        assertEquals(64123, numeric.stageUser().uid());
        assertEquals("the work dir may be passed through, not listed", "rwx--x--x",
                java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(work)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(work.resolve("spool"))));
        AgentConfig byDefault = new AgentConfig.Builder().server("https://bb.example.com").token("t")
                .workDir(tmp.newFolder().toPath()).build();
        assertTrue(String.valueOf(byDefault.stageUser()), byDefault.stageUser() != null && byDefault.stageUser().uid() != 0);
    }
}
