package io.ocelot.core.plan;

import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineFile;
import io.ocelot.core.lang.PipelineParser;
import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** A pipeline's top-level {@code paths}: it builds only events that changed a path under one of its prefixes. */
public class PathsPlanningTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final PipelineFile API = file("image: x\npaths: [services/api/, shared/proto]\n"
            + "stages: [{name: a, script: [x]}]\n");

    private static PipelineFile file(String yaml) {
        ParseResult r = PipelineParser.parse("ocelot.yml", yaml.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.report(), r.isValid());
        return r.pipeline();
    }

    private static Decision push(PipelineFile f, List<String> changed) {
        return new Planner().plan("api", f, BuildEvent.push("main", SHA, List.of(), changed));
    }

    @Test
    public void aChangeUnderAPrefixBuildsThatPipeline() {
        assertEquals(List.of("services/api/", "shared/proto"), API.paths());
        Decision d = push(API, List.of("README.md", "services/api/src/Main.java"));
        assertTrue(d.reason(), d.shouldBuild());
        assertEquals("api", d.plan().pipeline());
        assertTrue("a prefix is plain text, not a directory", push(API, List.of("shared/protocol.md")).shouldBuild());
    }

    @Test
    public void changesElsewhereDoNotBuildAndSayWhy() {
        Decision d = push(API, List.of("services/web/app.js", "docs/x.md"));
        assertFalse(d.shouldBuild());
        assertFalse(d.failed());
        assertEquals("no changed path starts with paths [services/api/, shared/proto] (2 changed paths)", d.reason());
        assertEquals("no changed path starts with paths [services/api/, shared/proto] (1 changed path)",
                push(API, List.of("services/apiary")).reason());
    }

    @Test
    public void unknownChangesBuild() {
        assertTrue("a new branch: what changed is not known", push(API, List.of()).shouldBuild());
    }

    @Test
    public void aFileWithoutPathsBuildsWhateverChanged() {
        PipelineFile f = file("image: x\nstages: [{name: a, script: [x]}]\n");
        assertEquals(List.of(), f.paths());
        assertTrue(push(f, List.of("anything/at/all")).shouldBuild());
    }

    @Test
    public void forceBuildsWithoutLookingAtPaths() {
        BuildEvent manual = new BuildEvent("main", SHA, List.of(), List.of("docs/x.md"), TriggerKind.MANUAL, true, 0);
        assertTrue(new Planner().plan(API, manual).shouldBuild());
    }

    @Test
    public void pathsApplyToPullRequestsAndTags() {
        PullRequestScope pr = new PullRequestScope(7, "feature", "main", SHA);
        assertFalse(new Planner().plan(API, BuildEvent.pullRequest(pr, SHA, List.of(), List.of("docs/x.md"))).shouldBuild());
        assertTrue(new Planner().plan(API, BuildEvent.pullRequest(pr, SHA, List.of(), List.of("services/api/x")))
                .shouldBuild());
        assertFalse(new Planner().plan(API, BuildEvent.tag("v1", SHA, List.of(), List.of("docs/x.md"))).shouldBuild());
    }
}
