package io.ocelot.e2e;

import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.cli.OcelotCli;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.Rule;
import org.junit.Test;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The everyday commands (issue 15) as the real {@code ocelot} jar against the plugin harness (real store, real user
 * REST resources) and real werkers running real builds: {@code show} of a failed build, {@code logs --stage} cut
 * by the werker's stage markers, {@code rebuild}, {@code kill --wait} of a running build, and {@code logs --attempt 1}
 * of a build whose first werker was SIGKILLed mid-stage.
 */
public class UserCommandsE2eTest {
    private static final String FAILING = "image: " + E2eRig.IMAGE + "\n" + """
            stages:
              - name: build
                script: [echo compiling]
              - name: test
                script:
                  - i=1; while [ $i -le 30 ]; do echo "test line $i"; i=$((i+1)); done
                  - exit 3
            """;
    private static final String SLOW = "image: " + E2eRig.IMAGE + "\n" + """
            stages:
              - name: work
                script:
                  - echo working
                  - sleep 60
            """;
    private static final String INTERRUPTED = "image: " + E2eRig.IMAGE + "\n" + """
            stages:
              - name: one
                script:
                  - echo "one begins"
                  - sleep 4
                  - echo "one ends"
            """;

    @Rule
    public final E2eRig rig = new E2eRig();

    private PluginHarness h;

    private OcelotCli.Run ocelot(String... args) throws Exception {
        return new OcelotCli(rig.root().toFile()).run(h.baseUrl(), "t-dev", null, args);
    }

    private Build awaitFinished(long id) throws InterruptedException {
        E2eRig.await("build " + id + " finished", Duration.ofSeconds(90),
                () -> h.builds().find(id).orElseThrow().state() == BuildState.FINISHED);
        return h.builds().find(id).orElseThrow();
    }

    @Test
    public void showLogsByStageRebuildKillWaitAndAnEarlierAttempt() throws Exception {
        h = rig.plugin();
        rig.reapEvery(h, Duration.ofMillis(250));
        RepositoryRef repo = h.enableRepository("PROJ", "cli");
        h.users().user("dev", "t-dev").grant("dev", new io.ocelot.plugin.ui.RepositoryName("PROJ", "cli"),
                RepoPermission.REPO_WRITE);
        GitRepo git = rig.git(h, repo);
        WerkerProcess werker = rig.start(rig.werker(h, "cli")).awaitTakingWork();

        // a failed build: show and logs by stage
        String red = git.commitPipeline("main", FAILING, "tests fail");
        long id = h.push(repo, "main", null, red).get(0).id();
        awaitFinished(id);
        OcelotCli.Run show = ocelot("show", Long.toString(id));
        assertEquals(show.err(), 1, show.exit());
        // a loaded machine can miss a heartbeat and run a build twice: the header then names the attempt
        assertTrue(show.out(), show.out().matches("(?s)build #" + id + "  FAILED  PROJ/cli(  \\(attempt \\d\\))?\n.*"));
        assertTrue(show.out(), show.out().contains("  werker     " + werker.name() + "\n"));
        assertTrue(show.out(), Pattern.compile("\ntest +FAILED +3 +\\d+s +exit code 3\n").matcher(show.out()).find());
        StringBuilder tail = new StringBuilder("last 20 lines of stage \"test\":\n");
        for (int i = 11; i <= 30; i++) {
            tail.append("  test line ").append(i).append('\n');
        }
        assertTrue(show.out(), show.out().endsWith(tail.toString()));

        OcelotCli.Run test = ocelot("logs", Long.toString(id), "--stage", "test");
        assertEquals(test.err(), 0, test.exit());
        assertTrue(test.out(), test.out().startsWith("--- ocelot stage 2/2 \"test\" started\ntest line 1\n"));
        assertTrue(test.out(), test.out().matches("(?s).*\ntest line 30\n--- ocelot stage 2/2 \"test\" FAILED in [0-9.]+m?s, exit code 3\n"));
        assertEquals("--- ocelot stage 1/2 \"build\" started\ncompiling\n",
                ocelot("logs", Long.toString(id), "--stage", "build").out().replaceAll("--- ocelot stage 1/2 \"build\" PASSED.*\n$", ""));

        // rebuild: a new build of the same commit, run again
        OcelotCli.Run rebuild = ocelot("rebuild", Long.toString(id));
        assertEquals(rebuild.err(), 0, rebuild.exit());
        long again = Long.parseLong(rebuild.out().replaceAll("(?s)^build #(\\d+) queued.*", "$1"));
        assertTrue(rebuild.out(), rebuild.out().startsWith("build #" + again + " queued for PROJ/cli @ " + red + " (main), a rebuild of #" + id));
        Build rebuilt = awaitFinished(again);
        assertEquals(red, rebuilt.commit());
        assertEquals(E2eRig.stageOutput(h, id, h.builds().find(id).orElseThrow().attempt()),
                E2eRig.stageOutput(h, again, rebuilt.attempt()));

        // kill --wait: cancel requested, then the werker stops it and the build ends CANCELLED
        String slow = git.commitPipeline("main", SLOW, "slow");
        long running = h.push(repo, "main", red, slow).get(0).id();
        E2eRig.await("build " + running + " working", Duration.ofSeconds(60),
                () -> E2eRig.stageOutput(h, running, 1).contains("working\n"));
        OcelotCli.Run kill = ocelot("kill", "--wait", "--poll-millis=200", Long.toString(running));
        assertEquals(kill.err(), 0, kill.exit());
        assertEquals("build #" + running + " of PROJ/cli: cancel requested\nbuild #" + running + " of PROJ/cli: CANCELLED\n",
                kill.out());
        assertEquals(io.ocelot.core.build.BuildResult.CANCELLED, h.builds().find(running).orElseThrow().outcome());

        // the werker is SIGKILLed in the middle of the stage: requeued, run again; attempt 1's log stays readable
        String third = git.commitPipeline("main", INTERRUPTED, "interrupted");
        long twice = h.push(repo, "main", slow, third).get(0).id();
        E2eRig.await("build " + twice + " in stage one", Duration.ofSeconds(60),
                () -> E2eRig.stageOutput(h, twice, 1).contains("one begins\n"));
        werker.kill9();
        E2eRig.await("build " + twice + " queued again", E2eRig.LEASE.plus(Duration.ofSeconds(30)),
                () -> h.builds().find(twice).orElseThrow().state() == BuildState.QUEUED);
        rig.start(werker.spec()).awaitTakingWork();
        Build done = awaitFinished(twice);
        assertEquals(2, done.attempt());
        OcelotCli.Run first = ocelot("logs", Long.toString(twice), "--attempt", "1", "--stage", "one");
        assertEquals(first.err(), 0, first.exit());
        assertEquals("attempt 1 ended with the werker: its start line and what it printed",
                "--- ocelot stage 1/1 \"one\" started\none begins\n", first.out());
        OcelotCli.Run latest = ocelot("logs", Long.toString(twice), "--stage", "one");
        assertTrue(latest.out(), latest.out().startsWith("--- ocelot stage 1/1 \"one\" started\none begins\none ends\n"
                + "--- ocelot stage 1/1 \"one\" PASSED in "));
    }
}
