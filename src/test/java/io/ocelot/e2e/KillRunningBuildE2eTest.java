package io.ocelot.e2e;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.ui.RepoPermission;
import org.junit.Rule;
import org.junit.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Scenario 5 (issue 6): a user with REPO_WRITE kills a running build through the user REST API
 * ({@code POST /rest/ocelot/1.0/builds/{id}/kill}, bearer token). The cancel reaches the werker on its next heartbeat; the stage gets
 * SIGTERM (its trap's output is in the stored log), the {@code always} stage still runs, the later stage does not,
 * the status is CANCELLED, and the build's container is gone within heartbeat + grace + 2 s of the kill.
 */
public class KillRunningBuildE2eTest {
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final String PIPELINE = "image: " + E2eRig.IMAGE + "\n" + """
            stages:
              - name: work
                script:
                  - trap 'echo got TERM; exit 143' TERM
                  - echo working
                  - sleep 60
                  - echo finished working
              - name: publish
                script: [echo publishing]
              - name: cleanup
                always: true
                script: [echo cleaning up]
            """;

    @Rule
    public final E2eRig rig = new E2eRig();

    @Test
    public void killingARunningBuildTermsTheStageRunsAlwaysStagesAndRemovesTheContainer() throws Exception {
        PluginHarness h = rig.plugin();
        RepositoryRef repo = h.enableRepository("PROJ", "kill");
        String commit = rig.git(h, repo).commitPipeline("main", PIPELINE, "a long build");
        WerkerProcess werker = rig.start(rig.werker(h, "killme").withGrace(GRACE.toSeconds() + "s")).awaitTakingWork();
        long id = h.push(repo, "main", null, commit).get(0).id();
        E2eRig.await("build " + id + " working", Duration.ofSeconds(60), () ->
                E2eRig.stageOutput(h, id, 1).contains("working\n"));
        assertFalse(DockerCli.buildContainers(werker.name(), id).isEmpty());

        long killedAt = System.nanoTime();
        h.users().user("alice", "t-alice")
                .grant("alice", new io.ocelot.plugin.ui.RepositoryName("PROJ", "kill"), RepoPermission.REPO_WRITE);
        HttpResponse<String> killed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(h.userApiUrl() + "/builds/" + id + "/kill"))
                .header("Authorization", "Bearer t-alice")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(killed.body(), 200, killed.statusCode());

        // heartbeat (a third of the lease) to deliver the cancel, the grace, and 2 s for the rest
        Duration budget = E2eRig.LEASE.dividedBy(3).plus(GRACE).plus(Duration.ofSeconds(2));
        boolean gone = DockerCli.awaitNone(budget, "ocelot.werker=" + werker.name(), "ocelot.build=" + id);
        long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
        assertTrue("the container of build " + id + " still exists " + tookMillis + " ms after the kill (budget "
                + budget.toMillis() + " ms): " + DockerCli.buildContainers(werker.name(), id), gone);
        System.out.println("scenario 5: container gone " + tookMillis + " ms after the kill");

        BuildStatus done = h.statuses().awaitFinal(commit, 30_000);
        assertNotNull(done);
        assertEquals(StatusState.CANCELLED, done.state());
        assertEquals("cancelled: cancelled by alice", done.description());
        E2eRig.oneSeries(h, id);

        Build b = h.builds().find(id).orElseThrow();
        assertEquals(BuildState.FINISHED, b.state());
        assertEquals(BuildResult.CANCELLED, b.outcome());
        assertEquals("cancelled by alice", b.message());
        List<Stage> stages = h.builds().stages(id);
        assertEquals(stages.toString(), StageStatus.CANCELLED, stages.get(0).status());
        assertEquals(stages.toString(), StageStatus.CANCELLED, stages.get(1).status());
        assertEquals(stages.toString(), "cancelled before it started", stages.get(1).message());
        assertEquals(stages.toString(), StageStatus.PASSED, stages.get(2).status());
        String log = E2eRig.stageOutput(h, id, 1);
        assertTrue(log, log.startsWith("working\nocelot: cancelled (cancelled by alice): sending SIGTERM, SIGKILL after 1s\n"));
        assertTrue("the stage's TERM trap ran:\n" + log, log.contains("\ngot TERM\n"));
        assertTrue(log, log.endsWith("cleaning up\n"));
        assertFalse(log, log.contains("finished working"));
        assertFalse(log, log.contains("publishing"));
    }
}
