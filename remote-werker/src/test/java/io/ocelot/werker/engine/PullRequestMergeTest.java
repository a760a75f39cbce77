package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.MergeTarget;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.werker.wiring.Engines;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ocelot.werker.engine.Plans.host;
import static io.ocelot.werker.engine.Plans.stage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A pull-request build's workspace is the merge of its source commit into the plan's target commit, made by the
 * werker with real git from a real repository (host-shell plans, so no Docker is needed); a conflict fails the
 * build naming the paths.
 */
public class PullRequestMergeTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path workDir;
    private Path origin;
    private BuildRunner engine;

    @Before
    public void setUp() throws IOException {
        workDir = tmp.newFolder("work").toPath();
        origin = tmp.newFolder("origin").toPath();
        git(origin, "init", "-q", "-b", "main");
        engine = Engines.create(EngineConfig.of("merge-test", workDir));
    }

    @After
    public void workspaceRemoved() throws IOException {
        try (var s = Files.list(workDir)) {
            assertEquals(List.of(), s.filter(p -> !p.getFileName().toString().startsWith("ssh_known_hosts")).toList());
        }
    }

    private String commit(String file, String content, String message) throws IOException {
        Files.writeString(origin.resolve(file), content, StandardCharsets.UTF_8);
        git(origin, "add", "-A");
        git(origin, "-c", "user.name=dev", "-c", "user.email=dev@example", "commit", "-qm", message);
        return git(origin, "rev-parse", "HEAD");
    }

    private BuildOutcome build(String source, MergeTarget merge, RecordingListener l, String... script) {
        BuildPlan p = host(0, stage("show", script));
        BuildPlan plan = new BuildPlan(p.version(), p.pipeline(), p.image(), p.machineTag(), p.timeoutSeconds(),
                p.workdir(), List.of(p.stages().get(0), stage("after", "echo after")), null, null, merge);
        CloneSpec clone = new CloneSpec(origin.toUri().toString(), null, null, null);
        return engine.run(new BuildRequest(1, "merge-test", plan, clone, source, "feature", null, Map.of(), null), l,
                new Cancellation());
    }

    @Test
    public void theWorkspaceHoldsTheSourceMergedIntoTheTarget() throws Exception {
        commit("README", "base\n", "base");
        git(origin, "checkout", "-q", "-b", "feature");
        String source = commit("source-only.txt", "from the source\n", "the feature");
        git(origin, "checkout", "-q", "main");
        String target = commit("target-only.txt", "from the target\n", "main moves on");

        RecordingListener l = new RecordingListener();
        BuildOutcome o = build(source, new MergeTarget("main", target), l, "cat target-only.txt source-only.txt",
                "git log -1 --format='%P|%an <%ae>|%cn <%ce>'");

        assertEquals(l.everything(), BuildResult.PASSED, o.result());
        assertEquals("from the target\nfrom the source\n" + target + " " + source
                + "|Ocelot <ocelot@localhost>|Ocelot <ocelot@localhost>\n", l.stdout(0));
        String setup = l.system(BuildListener.SETUP);
        assertTrue(setup, setup.contains("$ git fetch origin " + target + " " + source));
        assertTrue(setup, setup.contains("$ git merge --no-ff --no-edit " + source));
    }

    @Test
    public void aConflictFailsTheBuildNamingTheConflictingPathsAndRunsNoStage() throws Exception {
        commit("shared.txt", "base\n", "base");
        commit("calm.txt", "calm\n", "another file");
        git(origin, "checkout", "-q", "-b", "feature");
        Files.writeString(origin.resolve("docs.md"), "feature docs\n");
        String source = commit("shared.txt", "the feature's line\n", "the feature");
        git(origin, "checkout", "-q", "main");
        Files.writeString(origin.resolve("docs.md"), "main docs\n");
        String target = commit("shared.txt", "main's line\n", "main changes the same line");

        RecordingListener l = new RecordingListener();
        BuildOutcome o = build(source, new MergeTarget("main", target), l, "echo never");

        assertEquals(l.everything(), BuildResult.FAILED, o.result());
        assertEquals("merge conflict: the pull request does not merge into main (" + target + "); conflicting "
                + "paths: docs.md, shared.txt. Merge main into the source branch, resolve, and push.", o.message());
        assertEquals(List.of(StageStatus.SKIPPED, StageStatus.SKIPPED),
                o.stages().stream().map(s -> s.status()).toList());
        assertEquals("not run: " + o.message(), o.stages().get(0).message());
        assertEquals("", l.stdout(0));
        assertTrue(l.everything(), l.system(BuildListener.SETUP).contains("shared.txt"));
    }

    @Test
    public void aTargetCommitTheRepositoryDoesNotHaveIsAnErrorNotAFailure() throws Exception {
        String source = commit("a.txt", "a\n", "only commit");
        RecordingListener l = new RecordingListener();
        BuildOutcome o = build(source, new MergeTarget("main", "1111111111111111111111111111111111111111"), l, "true");
        assertEquals(l.everything(), BuildResult.ERRORED, o.result());
        assertTrue(o.message(), o.message().startsWith("clone failed: "));
    }

    private static String git(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(cmd + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out.strip();
    }
}
