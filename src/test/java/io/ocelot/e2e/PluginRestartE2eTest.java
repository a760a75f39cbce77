package io.ocelot.e2e;

import io.ocelot.core.build.StageMarker;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.Rule;
import org.junit.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Scenario 3 (issue 6): the plugin's host stops in the middle of a build and comes back on the same address with
 * the same file-backed database, after an outage LONGER than the lease. The werker keeps building and spools; the
 * restarted plugin gives running builds a fresh lease period ({@code LeaseReaper.nodeStarted}), so the build is not
 * requeued: it finishes on its first attempt, and its stored log is byte for byte the log of the same build run
 * without an outage (a reference plugin and werker running it side by side) — except the one set-up line that names
 * the container, whose name carries the werker's name and a random suffix.
 */
public class PluginRestartE2eTest {
    private static final Duration OUTAGE = E2eRig.LEASE.plus(Duration.ofSeconds(2));
    private static final String PIPELINE = "image: " + E2eRig.IMAGE + "\n" + """
            stages:
              - name: before
                script: ['i=1; while [ $i -le 100 ]; do echo "before $i"; i=$((i+1)); done']
              - name: during
                script:
                  - 'i=1; while [ $i -le 40 ]; do echo "during $i of build $BUILD_ID"; sleep 0.2; i=$((i+1)); done'
                  - echo "to stderr" >&2
              - name: after
                script: ['echo "after $GIT_BRANCH"']
            """;

    @Rule
    public final E2eRig rig = new E2eRig();

    @Test
    public void theBuildSurvivesAPluginRestartAndItsLogIsTheSameAsWithoutOne() throws Exception {
        String dbUrl = "jdbc:hsqldb:file:" + rig.dir("db").resolve("ocelot");
        int port = freePort();
        PluginHarness.Options options = PluginHarness.options().config(E2eRig.config()).dbUrl(dbUrl).port(port)
                .reposRoot(rig.dir("repos"));
        List<BuildStatus> statuses = new ArrayList<>();
        PluginHarness first = PluginHarness.start(options);
        PluginHarness second = null;
        boolean firstClosed = false;
        try {
            AutoCloseable firstReaper = rig.reapEvery(first, Duration.ofMillis(250));
            RepositoryRef repo = first.enableRepository("PROJ", "restart");
            String commit = rig.git(first, repo).commitPipeline("main", PIPELINE, "a build across a restart");
            WerkerProcess werker = rig.start(rig.werker(first, "spooler")).awaitTakingWork();

            // the reference: the same commit built by another plugin and werker that see no outage
            PluginHarness reference = rig.plugin();
            RepositoryRef refRepo = reference.enableRepository("PROJ", "restart");
            assertEquals("same repository id, so the same build environment", repo, refRepo);
            rig.start(rig.werker(reference, "reference")).awaitTakingWork();
            long refId = reference.push(refRepo, "main", null, commit).get(0).id();

            long id = first.push(repo, "main", null, commit).get(0).id();
            assertEquals("the same build number, so the same BUILD_ID", refId, id);
            E2eRig.await("build " + id + " in stage 'during'", Duration.ofSeconds(60), () ->
                    first.builds().find(id).orElseThrow().runningStage() == 1
                            && E2eRig.stageOutput(first, id, 1).contains("during 2 of"));

            statuses.addAll(first.statuses().all());
            firstReaper.close(); // the host stops: its scheduler with it
            first.close();
            firstClosed = true;
            Thread.sleep(OUTAGE.toMillis());
            assertTrue("the werker noticed the outage and spooled:\n" + werker.output(),
                    werker.output().contains("build " + id + ": plugin unreachable"));
            second = PluginHarness.start(options.registrationSecret(first.registrationSecret()));
            assertEquals("back on the same address", first.baseUrl(), second.baseUrl());
            rig.reapEvery(second, Duration.ofMillis(250));
            second.repository("PROJ", "restart"); // the same id again (ids are handed out in order)

            BuildStatus done = second.statuses().awaitFinal(commit, 60_000);
            assertNotNull("no final status after the restart", done);
            statuses.addAll(second.statuses().all());
            assertEquals(StatusState.SUCCESSFUL, done.state());
            assertNotNull(reference.statuses().awaitFinal(commit, 60_000));

            Build b = second.builds().find(id).orElseThrow();
            assertEquals(BuildState.FINISHED, b.state());
            assertEquals(BuildResult.PASSED, b.outcome());
            assertEquals("not requeued: the lease survived the outage", 1, b.attempt());
            assertEquals(werker.name(), E2eRig.werkerName(second, b.werkerId()));
            assertEquals(List.of(StageStatus.PASSED, StageStatus.PASSED, StageStatus.PASSED),
                    second.builds().stages(id).stream().map(Stage::status).toList());
            assertTrue(werker.output(), werker.output().contains("build " + id + ": plugin reachable again"));

            // the stage marker lines carry each run's own durations: the rest of the log must be the same
            String expected = StageMarker.strip(normalise(reference.logs().readAll(refId, 1),
                    rig.werker(reference, "reference").name()));
            String actual = StageMarker.strip(normalise(second.logs().readAll(id, 1), werker.name()));
            assertTrue(expected, expected.contains("during 40 of build " + id + "\nto stderr\nafter main\n"));
            assertEquals("the log stored across the outage is the log of the same build without one", expected, actual);
            assertEquals(E2eRig.stageOutput(reference, refId, 1), E2eRig.stageOutput(second, id, 1));

            // one status series across both plugin lifetimes: INPROGRESS ..., then the one final status
            List<BuildStatus> series = statuses.stream().filter(s -> s.buildNumber() == id).toList();
            for (int i = 0; i < series.size() - 1; i++) {
                assertEquals(series.toString(), StatusState.INPROGRESS, series.get(i).state());
            }
            assertEquals(StatusState.SUCCESSFUL, series.get(series.size() - 1).state());
        } finally {
            if (second != null) {
                second.close();
            }
            if (!firstClosed) {
                first.close();
            }
        }
    }

    /** The log as text with the container's name (werker name, build id and a random suffix) replaced. */
    private static String normalise(byte[] log, String werkerName) {
        String text = new String(log, StandardCharsets.UTF_8)
                .replaceAll("creating container ocelot-" + java.util.regex.Pattern.quote(werkerName) + "-[0-9]+-[0-9a-z]+ ",
                        "creating container CONTAINER ");
        // the clone and the container's set-up run at once, so their lines (before the first stage) come in any order
        int firstStage = text.indexOf("--- ocelot stage ");
        if (firstStage < 0) {
            return text;
        }
        java.util.List<String> setUp = new java.util.ArrayList<>(java.util.List.of(text.substring(0, firstStage).split("\n")));
        java.util.Collections.sort(setUp);
        return String.join("\n", setUp) + "\n" + text.substring(firstStage);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
