package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.werker.engine.docker.DockerJanitor;
import io.ocelot.werker.engine.docker.ReadyContainers;
import io.ocelot.werker.wiring.Engines;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ocelot.werker.engine.Plans.docker;
import static io.ocelot.werker.engine.Plans.stage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

/**
 * A werker's ready container (issue 16) on the real Docker engine: after a build the next build's container is
 * created and started, and the next build like it runs there at once — in a container no build has used, with only
 * its own workspace — while a build with another image gets a container of its own; the ready one goes when the
 * werker stops, and the janitor removes one a dead werker left.
 */
public class ReadyContainerTest {
    private static final String OTHER_IMAGE = "ocelot/busybox-ready-test:other";

    @Rule
    public DockerWerkerRig docker = new DockerWerkerRig("ready");

    private EngineConfig config;
    private ReadyContainers ready;
    private BuildRunner engine;

    @Before
    public void setUp() throws IOException {
        Files.writeString(docker.project().resolve("committed.txt"), "from the commit\n");
        config = EngineConfig.of(docker.name(), docker.workDir()).withGrace(Duration.ofSeconds(2));
        ready = new ReadyContainers(config);
        engine = Engines.create(config, null, 0, null, ready);
    }

    @After
    public void tearDown() {
        ready.close(); // before the rig checks that nothing of the werker is left
        DockerFixture.run("docker", "rmi", OTHER_IMAGE);
    }

    private RecordingListener run(long buildId, BuildPlan plan) {
        return run(buildId, plan, Map.of());
    }

    private RecordingListener run(long buildId, BuildPlan plan, Map<String, String> secrets) {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = engine.run(new BuildRequest(buildId, docker.name(), plan, null, null, "main",
                docker.project(), secrets, null), l, new Cancellation());
        assertEquals(l.everything(), BuildResult.PASSED, o.result());
        return l;
    }

    @Test
    public void theNextBuildRunsInAFreshContainerMadeReadyAfterThePreviousOne() {
        RecordingListener first = run(1, docker(stage("leave", "hostname", "echo mine > left-by-1.txt",
                "echo secret-of-1 > /tmp/in-the-container")));
        assertTrue(first.everything(), first.everything().contains("$ creating container "));
        String firstHost = first.stdout(0).strip();

        RecordingListener second = run(2, docker(stage("look", "hostname", "cat committed.txt",
                "test ! -e left-by-1.txt && echo no-workspace-of-1",
                "test ! -e /tmp/in-the-container && echo no-files-of-1")));

        assertTrue("the second build adopted the ready container: " + second.everything(),
                second.everything().contains("(made ready after the previous build)"));
        assertFalse(second.everything(), second.everything().contains("$ creating container "));
        List<String> out = second.stdout(0).lines().toList();
        assertNotEquals("a container of its own, not the first build's", firstHost, out.get(0));
        assertEquals(List.of("from the commit", "no-workspace-of-1", "no-files-of-1"), out.subList(1, 4));
        assertEquals("the first build's container and volume are gone", List.of(),
                DockerFixture.containersLabelled("ocelot.build=1"));
    }

    /** Every path of the workspace and of Ocelot's directory with its mode, owner, group and kind. */
    private static final String LIST_WORKSPACE = "(cd / && find /.ocelot \"$PWD_WS\" -path /.ocelot/stage-\\* -prune -o "
            + "-exec stat -c '%n %a %u %g %F' {} + | sort)";

    /**
     * Runs the build while Docker's events are followed (the daemon keeps only its last few hundred, so they are not
     * asked for afterwards) and returns, in order, what Docker did to the build's container, named in its log: each
     * action's first word ("create", "attach", "exec_create", "exec_start", "extract-to-dir"...).
     */
    private RecordingListener runWatched(long buildId, BuildPlan plan, List<String> actions) throws IOException {
        return runWatched(buildId, plan, actions, Map.of());
    }

    private RecordingListener runWatched(long buildId, BuildPlan plan, List<String> actions,
                                         Map<String, String> secrets) throws IOException {
        java.nio.file.Path events = Files.createTempFile("ocelot-docker-events-", ".txt");
        // the action last and as JSON: an exec's action holds its whole command line, newlines and all
        Process follow = new ProcessBuilder("docker", "events", "--format",
                "{{.Type}} {{.Actor.ID}} {{.Actor.Attributes.name}} {{json .Action}}").redirectErrorStream(true)
                .redirectOutput(events.toFile()).start();
        try {
            marker(events, "ocelot-events-before-" + buildId);
            RecordingListener l = run(buildId, plan, secrets);
            marker(events, "ocelot-events-after-" + buildId);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$ (?:creating|using) container (\\S+) from")
                    .matcher(l.everything());
            assertTrue(l.everything(), m.find());
            for (String e : Files.readAllLines(events)) {
                String[] f = e.split(" ", 4);
                if (f.length == 4 && f[0].equals("container") && f[2].equals(m.group(1))) {
                    String action = io.ocelot.core.Json.mapper().readValue(f[3], String.class);
                    actions.add(action.split("[: ]", 2)[0]);
                }
            }
            return l;
        } finally {
            follow.destroyForcibly();
            Files.deleteIfExists(events);
        }
    }

    /** Makes an event of its own and waits until the follower has it: everything before it has been seen. */
    private static void marker(java.nio.file.Path events, String volume) throws IOException {
        DockerFixture.runOk("docker", "volume", "create", volume);
        DockerFixture.runOk("docker", "volume", "rm", volume);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.readAllLines(events).stream()
                .noneMatch(e -> e.startsWith("volume " + volume + " ") && e.endsWith(" \"destroy\""))) {
            assertTrue("docker events never showed " + volume, System.nanoTime() < until);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    public void theReadyContainerUnpacksTheWorkspaceItselfAndGetsWhatTheCopyThroughDockerGives() throws IOException {
        java.nio.file.Path p = docker.project();
        Files.createDirectories(p.resolve("bin/deep"));
        Files.writeString(p.resolve("bin/run.sh"), "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(p.resolve("bin/run.sh"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(p.resolve("link-to-run"), java.nio.file.Path.of("bin/run.sh"));
        String list = "PWD_WS=$PWD; " + LIST_WORKSPACE;
        // the first build creates its container, so its workspace comes through Docker's archive API
        List<String> copiedActions = new java.util.ArrayList<>();
        RecordingListener copied = runWatched(1, docker(stage("list", list,
                "ls -l link-to-run | sed 's/.* -> /link to /'")), copiedActions);
        assertTrue(copied.everything(), copied.everything().contains("$ creating container "));

        List<String> adopted = new java.util.ArrayList<>();
        RecordingListener handed = runWatched(2, docker(stage("list", list,
                "ls -l link-to-run | sed 's/.* -> /link to /'")), adopted);

        assertTrue(handed.everything(), handed.everything().contains("(made ready after the previous build)"));
        assertFalse(handed.everything(), handed.everything().contains("could not unpack"));
        assertTrue(copied.stdout(0), copied.stdout(0).contains("/workspace/bin/run.sh 750 0 0 regular file"));
        assertTrue(copied.stdout(0), copied.stdout(0).contains("/workspace/link-to-run 777 0 0 symbolic link"));
        assertTrue(copied.stdout(0), copied.stdout(0).endsWith("link to bin/run.sh\n"));
        assertEquals("the same workspace, modes, owners and links either way", copied.stdout(0), handed.stdout(0));
        assertTrue(copiedActions.toString(), copiedActions.contains("extract-to-dir"));
        assertTrue("handed over on the ready container's input: " + adopted, adopted.contains("attach"));
        assertFalse("not through the archive API: " + adopted, adopted.contains("extract-to-dir"));
    }

    /**
     * The first stage's exec is made in the adopted container while the workspace is still on its way (before the
     * hand-over), and the stage runs in it exactly as one made at its turn: its variables, the build's secrets over
     * them (masked in the log), its working directory, the workspace. A second stage gets an exec of its own.
     */
    @Test
    public void theFirstStagesExecIsMadeBeforeTheWorkspaceArrivesAndRunsAsAnyStage() throws IOException {
        Files.createDirectories(docker.project().resolve("sub"));
        Files.writeString(docker.project().resolve("sub/here.txt"), "in sub\n");
        run(1, docker(stage("warm", "true")));
        String show = "echo \"$GREETING $TOKEN_LEN\"; pwd; cat here.txt";
        BuildPlan plan = docker(Plans.withEnv(stage("first", "TOKEN_LEN=${#API_TOKEN}", show),
                        Map.of("GREETING", "hello", "API_TOKEN", "overridden"), "sub"),
                stage("second", "echo second; cat committed.txt"));
        List<String> actions = new java.util.ArrayList<>();
        RecordingListener l = runWatched(2, plan, actions, Map.of("API_TOKEN", "s3cr3t-value"));

        assertTrue(l.everything(), l.everything().contains("(made ready after the previous build)"));
        assertEquals("hello 12\n/workspace/sub\nin sub\n", l.stdout(0));
        assertEquals("second\nfrom the commit\n", l.stdout(1));
        assertEquals("one exec per stage: " + actions, 2, actions.stream().filter("exec_create"::equals).count());
        assertTrue("the first stage's exec before the hand-over: " + actions,
                actions.indexOf("exec_create") < actions.indexOf("attach"));
    }

    @Test
    public void aReadyContainerThatCannotUnpackTheWorkspaceGetsItThroughDocker() throws IOException {
        java.nio.file.Path context = Files.createTempDirectory("ready-image-");
        try {
            // its process runs as a user who may not write to /, as the tar in it would need
            Files.writeString(context.resolve("Dockerfile"), "FROM " + Plans.IMAGE + "\nUSER 65534\n");
            DockerFixture.runOk("docker", "build", "-q", "-t", OTHER_IMAGE, context.toString());
        } finally {
            Trees.deleteRecursively(context);
        }
        run(1, docker(OTHER_IMAGE, 0, stage("a", "true")));

        List<String> actions = new java.util.ArrayList<>();
        RecordingListener next = runWatched(2, docker(OTHER_IMAGE, 60, stage("b", "cat committed.txt",
                "test -s /.ocelot/lifetime && echo lifetime-there")), actions);

        assertTrue(next.everything(), next.everything().contains("(made ready after the previous build)"));
        assertTrue(next.everything(), next.everything().contains(
                "the ready container could not unpack the workspace itself"));
        assertEquals("from the commit\nlifetime-there\n", next.stdout(0));
        assertTrue(actions.toString(), actions.contains("extract-to-dir"));
    }

    @Test
    public void anotherImageGetsAContainerOfItsOwn() {
        DockerFixture.runOk("docker", "tag", Plans.IMAGE, OTHER_IMAGE);
        run(1, docker(stage("a", "true")));

        RecordingListener other = run(2, docker(OTHER_IMAGE, 0, stage("b", "true")));
        assertTrue(other.everything(), other.everything().contains("$ creating container "));
        assertFalse(other.everything(), other.everything().contains("made ready"));

        // and the build after it finds one of its own image ready
        RecordingListener again = run(3, docker(OTHER_IMAGE, 0, stage("c", "true")));
        assertTrue(again.everything(), again.everything().contains("(made ready after the previous build)"));
    }

    @Test
    public void aContainerMadeFromAnImageTheNameNoLongerMeansIsNotUsed() throws IOException {
        DockerFixture.runOk("docker", "tag", Plans.IMAGE, OTHER_IMAGE);
        run(1, docker(OTHER_IMAGE, 0, stage("a", "true")));
        // a build (buildImage, a pull) puts another image under the name while the ready container waits
        java.nio.file.Path context = Files.createTempDirectory("ready-image-");
        try {
            Files.writeString(context.resolve("Dockerfile"),
                    "FROM " + Plans.IMAGE + "\nRUN echo new > /made-by-the-new-image\n");
            DockerFixture.runOk("docker", "build", "-q", "-t", OTHER_IMAGE, context.toString());
        } finally {
            Trees.deleteRecursively(context);
        }
        RecordingListener next = run(2, docker(OTHER_IMAGE, 0, stage("b", "cat /made-by-the-new-image")));
        assertTrue(next.everything(), next.everything().contains("$ creating container "));
        assertEquals("new\n", next.stdout(0));
    }

    @Test
    public void anAdoptedContainerLivesOnlyAsLongAsItsBuildMay() {
        run(1, docker(stage("a", "true")));
        // the ready container's process waits for the build's lifetime, which the workspace copy brings (at most
        // a second's poll): then it sleeps that long, as a build container's process does, and ends
        RecordingListener l = run(2, docker(Plans.IMAGE, 60, stage("b",
                "s=$(cat /.ocelot/lifetime); echo \"lifetime $s\"",
                "i=0; while ! ps | grep -v grep | grep -q \"sleep $s\" && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done",
                "ps | grep -v grep | grep -q \"sleep $s\" && echo keep-alive-sleeps-the-lifetime")));
        assertTrue(l.everything(), l.everything().contains("(made ready after the previous build)"));
        String lifetime = l.stdout(0).lines().findFirst().orElse("");
        assertTrue(lifetime, lifetime.matches("lifetime [1-9][0-9]*"));
        assertTrue(l.stdout(0), l.stdout(0).contains("keep-alive-sleeps-the-lifetime"));
    }

    @Test
    public void theJanitorRemovesAReadyContainerNoWerkerHolds() throws Exception {
        run(1, docker(stage("a", "true")));
        String mine = "ocelot.werker=" + docker.name();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (DockerFixture.containersLabelled(ReadyContainers.LABEL_READY + "=1").stream()
                .noneMatch(id -> DockerFixture.containersLabelled(mine).contains(id))) {
            assertTrue("no ready container was made", System.nanoTime() < until);
            Thread.sleep(50);
        }
        DockerJanitor janitor = new DockerJanitor(config);
        // the werker's own janitor keeps it while the werker holds it ...
        janitor.removeLeftovers(docker.name(), Set.of(), ready.inUse());
        assertEquals(1, DockerFixture.containersLabelled(mine).size());
        assertEquals(1, DockerFixture.volumesLabelled(mine).size());
        // ... and, as at the start of a werker whose earlier process died, removes it when nobody does
        janitor.removeLeftovers(docker.name(), Set.of(), Set.of());
        DockerFixture.assertNoDockerLeftovers(mine);
    }
}
