package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.CacheSpec;
import io.ocelot.core.plan.ImageBuild;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.protocol.Messages.RegistryAuth;
import io.ocelot.werker.engine.cache.CacheStore;
import io.ocelot.werker.engine.files.LocalArtifactFolder;
import io.ocelot.werker.wiring.Engines;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.ocelot.werker.engine.Plans.IMAGE;
import static io.ocelot.werker.engine.Plans.stage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Caches, artifacts and {@code buildImage} stages on the real Docker engine: what lives between stages and builds
 * goes in and out of the build's container through the Docker API.
 */
public class DockerFilesTest {
    @Rule
    public DockerWerkerRig docker = new DockerWerkerRig("files");

    private Path project;
    private Path cacheDir;
    private CacheStore store;
    private BuildRunner engine;
    private final List<String> imagesToRemove = new ArrayList<>();

    @Before
    public void setUp() throws IOException {
        project = docker.project();
        cacheDir = docker.newFolder("caches");
        store = new CacheStore(cacheDir, CacheStore.DEFAULT_MAX_BYTES);
        engine = Engines.create(EngineConfig.of(docker.name(), docker.workDir()).withGrace(Duration.ofSeconds(2)),
                null, 0, store);
        Files.writeString(project.resolve("deps.lock"), "left-pad 1.0\n");
    }

    @After
    public void removeImages() {
        for (String image : imagesToRemove) {
            DockerFixture.run("docker", "image", "rm", "-f", image);
        }
    }

    private static final CacheSpec DEPS = new CacheSpec("deps", List.of("deps", "more/keep.txt"), List.of("deps.lock"));

    /** A stage that says whether the cache came back, then fills it. */
    private static PlannedStage useDeps(String marker) {
        return stage("deps", "if [ -f deps/marker ]; then echo \"restored: $(cat deps/marker)\"; else echo empty; fi",
                "mkdir -p deps/sub more && echo " + marker + " > deps/marker && echo kept > more/keep.txt",
                "ln -sf marker deps/link");
    }

    private BuildPlan withCaches(List<CacheSpec> caches, PlannedStage... stages) {
        return new BuildPlan(BuildPlan.VERSION, "default", IMAGE, null, 0, BuildPlan.CONTAINER_WORKSPACE,
                List.of(stages), null, null, null, List.of(), caches);
    }

    private BuildOutcome run(String repository, BuildPlan plan, RecordingListener l) {
        return run(repository, plan, l, null, null);
    }

    private BuildOutcome run(String repository, BuildPlan plan, RecordingListener l, LocalArtifactFolder artifacts,
                             RegistryAuth auth) {
        return engine.run(new BuildRequest(31, docker.name(), plan, null, null, "main", project, Map.of(), auth,
                repository, artifacts), l, new Cancellation());
    }

    @Test
    public void aSecondBuildOfTheSameRepositoryFindsItsCacheAndAnotherRepositoryDoesNot() throws IOException {
        RecordingListener first = new RecordingListener();
        BuildOutcome o = run("proj/app", withCaches(List.of(DEPS), useDeps("one")), first);
        assertEquals(first.everything(), BuildResult.PASSED, o.result());
        assertEquals("empty\n", first.stdout(0));
        assertTrue(first.everything(), first.everything().contains("cache 'deps' not found (key "));
        assertTrue(first.everything(), first.everything().matches("(?s).*cache 'deps' saved \\(\\d.*, key [0-9a-f]{12}\\).*"));

        RecordingListener second = new RecordingListener();
        o = run("proj/app", withCaches(List.of(DEPS), stage("check", "cat deps/marker", "cat more/keep.txt",
                "readlink deps/link", "test -d deps/sub && echo dir-kept")), second);
        assertEquals(second.everything(), BuildResult.PASSED, o.result());
        assertEquals("one\nkept\nmarker\ndir-kept\n", second.stdout(0));
        assertTrue(second.everything(), second.everything().matches("(?s).*cache 'deps' restored \\(\\d.*, key [0-9a-f]{12}\\).*"));

        RecordingListener other = new RecordingListener();
        o = run("proj/other", withCaches(List.of(DEPS), useDeps("two")), other);
        assertEquals(BuildResult.PASSED, o.result());
        assertEquals("another repository never gets this one's cache", "empty\n", other.stdout(0));
        assertEquals(2, cacheFiles().size());
    }

    @Test
    public void changingAKeyFileStartsANewCacheAndNoKeyFilesMeansOneCachePerName() throws IOException {
        BuildPlan plan = withCaches(List.of(DEPS, new CacheSpec("tools", List.of("tools"), List.of())),
                stage("fill", "if [ -f deps/marker ]; then echo \"deps: $(cat deps/marker)\"; else echo deps-empty; fi",
                        "if [ -f tools/t ]; then echo tools-back; fi",
                        "mkdir -p deps tools && echo $(cat deps.lock) > deps/marker && echo t > tools/t"));
        RecordingListener a = new RecordingListener();
        assertEquals(BuildResult.PASSED, run("proj/app", plan, a).result());
        assertEquals("deps-empty\n", a.stdout(0));
        assertTrue(a.everything(), a.everything().contains("cache 'tools' saved (") && a.everything().contains("no key files"));

        Files.writeString(project.resolve("deps.lock"), "left-pad 2.0\n");
        RecordingListener b = new RecordingListener();
        assertEquals(BuildResult.PASSED, run("proj/app", plan, b).result());
        assertEquals("a new lock file misses the old cache; the keyless one comes back", "deps-empty\ntools-back\n",
                b.stdout(0));

        Files.writeString(project.resolve("deps.lock"), "left-pad 1.0\n");
        RecordingListener c = new RecordingListener();
        assertEquals(BuildResult.PASSED, run("proj/app", plan, c).result());
        assertEquals("the old lock file finds its own cache again", "deps: left-pad 1.0\ntools-back\n", c.stdout(0));
        assertEquals("two deps keys and one tools cache", 3, cacheFiles().size());
    }

    @Test
    public void aFailedBuildSavesNoCacheAndAMissingPathIsSkipped() throws IOException {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run("proj/app", withCaches(List.of(DEPS), useDeps("x"), stage("fails", "exit 3")), l);
        assertEquals(BuildResult.FAILED, o.result());
        assertFalse(l.everything(), l.everything().contains("saved"));
        assertEquals(List.of(), cacheFiles());

        RecordingListener missing = new RecordingListener();
        o = run("proj/app", withCaches(List.of(new CacheSpec("gone", List.of("nowhere", "deps"), List.of())),
                stage("partly", "mkdir deps && echo d > deps/d")), missing);
        assertEquals(BuildResult.PASSED, o.result());
        assertTrue(missing.everything(), missing.everything().contains("cache 'gone': path 'nowhere' does not exist; skipped"));
        assertTrue(missing.everything(), missing.everything().contains("cache 'gone' saved ("));

        RecordingListener none = new RecordingListener();
        o = run("proj/app", withCaches(List.of(new CacheSpec("empty", List.of("nowhere"), List.of())),
                stage("nothing", "true")), none);
        assertEquals(BuildResult.PASSED, o.result());
        assertTrue(none.everything(), none.everything().contains("cache 'empty' not saved: none of its paths"));
        assertEquals(1, cacheFiles().size());
    }

    @Test
    public void artifactsOfEveryStageThatRanAreCopiedToTheLocalFolderByteForByte() throws Exception {
        Path out = docker.newFolder("artifacts");
        LocalArtifactFolder folder = new LocalArtifactFolder(out);
        RecordingListener l = new RecordingListener();
        PlannedStage make = withArtifacts(stage("make",
                "mkdir -p out/sub && head -c 3000000 /dev/urandom > out/big.bin && echo small > out/sub/s.txt",
                "echo skip > out/other.log", "md5sum out/big.bin out/sub/s.txt"), "out/**/*.bin", "out/sub/*.txt");
        PlannedStage broken = withArtifacts(stage("broken", "mkdir -p report && echo why > report/why.txt",
                "exit 1"), "report/*.txt");
        PlannedStage nothing = withArtifacts(Plans.always("none", "true"), "no/such/*.zip");
        BuildOutcome o = run("proj/app", withCaches(List.of(), make, broken, nothing), l, folder, null);

        assertEquals(BuildResult.FAILED, o.result());
        for (String line : l.stdout(0).split("\n")) {
            String[] parts = line.split("\\s+");
            Path copied = out.resolve("make").resolve(parts[1]);
            assertEquals(line, parts[0], md5(copied));
        }
        assertFalse("not matched, not copied", Files.exists(out.resolve("make/out/other.log")));
        assertEquals("a failed stage's artifacts are kept too", "why\n",
                Files.readString(out.resolve("broken/report/why.txt")));
        assertTrue(l.system(2), l.system(2).contains("artifacts: no file matches [no/such/*.zip]"));
        assertTrue(l.system(0), l.system(0).contains("artifacts: 2 of 2 files kept"));
        try (Stream<Path> s = Files.walk(out)) {
            assertEquals("no temporary file is left", 3, s.filter(Files::isRegularFile).count());
        }
    }

    @Test
    public void aBuildImageStageBuildsFromTheContextAndTagsTheImage() throws IOException {
        String marker = "marker-" + UUID.randomUUID();
        Files.createDirectories(project.resolve("image/docker"));
        Files.writeString(project.resolve("image/docker/app.Dockerfile"),
                "FROM " + IMAGE + "\nCOPY marker.txt /marker.txt\nRUN echo built-in-docker\n");
        Files.writeString(project.resolve("image/marker.txt"), marker + "\n");
        String repo = "ocelot-test/files-" + UUID.randomUUID().toString().substring(0, 8);
        imagesToRemove.add(repo + ":1");
        imagesToRemove.add(repo + ":latest");
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run("proj/app", withCaches(List.of(),
                stage("prepare", "echo generated > image/generated.txt"),
                imageStage("image", new ImageBuild("image", "docker/app.Dockerfile", List.of(repo + ":1", repo), false)),
                stage("after", "echo still here")), l);

        assertEquals(l.everything(), BuildResult.PASSED, o.result());
        assertTrue("the build's output is the stage's log: " + l.stdout(1), l.stdout(1).contains("built-in-docker"));
        assertTrue(l.system(1), l.system(1).contains("tagged " + repo + ":1, " + repo));
        assertEquals(marker + "\n", DockerFixture.runOk("docker", "run", "--rm", repo + ":1", "cat", "/marker.txt").out());
        assertEquals(marker + "\n", DockerFixture.runOk("docker", "run", "--rm", repo, "cat", "/marker.txt").out());
        assertEquals("still here\n", l.stdout(2));
    }

    @Test
    public void aMissingContextOrABadDockerfileFailsTheStageWithTheReason() {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run("proj/app", withCaches(List.of(),
                imageStage("image", new ImageBuild("nowhere", null, List.of(), false))), l);
        assertEquals(BuildResult.FAILED, o.result());
        assertEquals("exit code 1: the image's context 'nowhere' is not in the workspace", o.stages().get(0).message());

        o = run("proj/app", withCaches(List.of(),
                imageStage("image", new ImageBuild("../..", null, List.of(), false))), new RecordingListener());
        assertEquals("the container's own files are no context", "exit code 1: the image's context '../..' is not in "
                + "the workspace", o.stages().get(0).message());

        RecordingListener bad = new RecordingListener();
        o = run("proj/app", withCaches(List.of(),
                imageStage("image", new ImageBuild(".", "no.Dockerfile", List.of(), false))), bad);
        assertEquals(BuildResult.FAILED, o.result());
        assertTrue(o.stages().get(0).message(), o.stages().get(0).message().startsWith(
                "exit code 1: the image build failed: ") && o.stages().get(0).message().contains("no.Dockerfile"));
    }

    @Test
    public void pushIsAttemptedWithTheCredentialsAndAnUnreachableRegistryFailsTheStage() throws IOException {
        Files.writeString(project.resolve("Dockerfile"), "FROM " + IMAGE + "\nRUN echo pushed-image\n");
        String tag = "127.0.0.1:1/ocelot-test/push-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        imagesToRemove.add(tag);
        String password = "pw-" + UUID.randomUUID();
        RecordingListener l = new RecordingListener();
        BuildOutcome o = run("proj/app", withCaches(List.of(),
                imageStage("push", new ImageBuild(".", null, List.of(tag), true))), l, null,
                new RegistryAuth("127.0.0.1:1", "ci-user", password));

        assertEquals(l.everything(), BuildResult.FAILED, o.result());
        StageResult r = o.stages().get(0);
        assertEquals(StageStatus.FAILED, r.status());
        assertTrue(r.message(), r.message().startsWith("exit code 1: pushing " + tag + " failed: "));
        assertTrue(l.system(0), l.system(0).contains("$ pushing " + tag));
        assertTrue("the image was built before the push", DockerFixture.run("docker", "image", "inspect", tag).code() == 0);
        assertFalse("the password never reaches the log", l.everything().contains(password));
        assertFalse(o.message().contains(password));
    }

    @Test
    public void aCancelledImageBuildEndsAtOnce() throws Exception {
        Files.writeString(project.resolve("Dockerfile"), "FROM " + IMAGE + "\nRUN echo slow-step-started && sleep 60\n");
        RecordingListener l = new RecordingListener();
        Cancellation cancel = new Cancellation();
        java.util.concurrent.CompletableFuture<BuildOutcome> running = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> engine.run(new BuildRequest(33, docker.name(), withCaches(List.of(),
                        imageStage("slow", new ImageBuild(".", null, List.of(), false))), null, null, "main", project,
                        Map.of(), null, "proj/app", null), l, cancel));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!l.stdout(0).contains("slow-step-started") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(l.everything(), l.stdout(0).contains("slow-step-started"));
        long t0 = System.nanoTime();
        cancel.cancel("stop it");
        BuildOutcome o = running.get(30, java.util.concurrent.TimeUnit.SECONDS);
        long took = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertEquals(l.everything(), BuildResult.CANCELLED, o.result());
        assertEquals(StageStatus.CANCELLED, o.stages().get(0).status());
        assertTrue("ended by the first signal, not after the grace: " + took + " ms", took < 2000);
    }

    @Test
    public void hostShellBuildsRestoreCachesAndKeepArtifactsFromTheirDirectory() throws IOException {
        BuildRunner host = Engines.create(EngineConfig.of(docker.name(), docker.workDir()), null, 0, store);
        Path out = docker.newFolder("host-artifacts");
        BuildPlan plan = new BuildPlan(BuildPlan.VERSION, "default", null, "linux", 0, BuildPlan.CONTAINER_WORKSPACE,
                List.of(withArtifacts(stage("fill", "cat deps/marker 2>/dev/null || echo empty",
                        "mkdir -p deps && echo host > deps/marker && echo log > run.log"), "*.log")),
                null, null, null, List.of(), List.of(DEPS));
        for (int run = 0; run < 2; run++) {
            RecordingListener l = new RecordingListener();
            BuildOutcome o = host.run(new BuildRequest(34, docker.name(), plan, null, null, "main", project, Map.of(),
                    null, "proj/host", new LocalArtifactFolder(out)), l, new Cancellation());
            assertEquals(l.everything(), BuildResult.PASSED, o.result());
            assertEquals(run == 0 ? "empty\n" : "host\n", l.stdout(0));
        }
        assertEquals("log\n", Files.readString(out.resolve("fill/run.log")));
    }

    @Test
    public void aBuildImageStageOnTheHostShellFailsSayingItNeedsDocker() {
        BuildRunner host = Engines.create(EngineConfig.of(docker.name(), docker.workDir()));
        RecordingListener l = new RecordingListener();
        BuildPlan plan = new BuildPlan(BuildPlan.VERSION, "default", null, "linux", 0, BuildPlan.CONTAINER_WORKSPACE,
                List.of(imageStage("image", new ImageBuild(".", null, List.of("x:1"), false))));
        BuildOutcome o = host.run(new BuildRequest(32, docker.name(), plan, null, null, "main", project, Map.of(),
                null), l, new Cancellation());
        assertEquals(BuildResult.FAILED, o.result());
        assertEquals("exit code 1: buildImage needs a Docker werker (this build runs on the host shell)",
                o.stages().get(0).message());
    }

    static PlannedStage withArtifacts(PlannedStage s, String... globs) {
        return new PlannedStage(s.name(), s.script(), s.env(), s.workdir(), s.timeoutSeconds(), s.always(),
                s.skipped(), s.skipReason(), s.junitReports(), null, null, List.of(globs), null);
    }

    static PlannedStage imageStage(String name, ImageBuild build) {
        return new PlannedStage(name, List.of(), Map.of(), null, 0, false, false, null, List.of(), null, null,
                List.of(), build);
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> s = Files.walk(cacheDir)) {
            return s.filter(p -> p.toString().endsWith(".tar")).toList();
        }
    }

    private static String md5(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("MD5");
        return HexFormat.of().formatHex(d.digest(Files.readAllBytes(file)));
    }
}
