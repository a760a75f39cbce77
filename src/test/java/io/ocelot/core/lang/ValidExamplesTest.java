package io.ocelot.core.lang;

import org.junit.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** The example files under ocelot-yml/valid, including files written the way the original ocelot's users did. */
public class ValidExamplesTest {

    private static PipelineFile valid(String name) {
        ParseResult r = TestFiles.parse("ocelot-yml/valid/" + name);
        assertTrue(name + " must be valid:\n" + r.report(), r.isValid());
        assertTrue(r.errors().isEmpty());
        return r.pipeline();
    }

    @Test
    public void originalGoServiceFileReadsAsTheOriginalMeantIt() {
        PipelineFile f = valid("original-go-service.yml");
        assertEquals("golang:1.10", f.image());
        assertNull(f.machineTag());
        assertEquals("go", f.buildTool());
        assertEquals(List.of(), f.packages());
        assertTrue("ALL matches any branch", f.branches().matches("any/branch-name"));
        assertEquals(Map.of("BUILD_DIR", "/.ocelot", "GOPATH", "/go"), f.env());
        assertEquals("@jessi-shank", f.notifications().slack().channel());
        assertEquals("jessi_slack", f.notifications().slack().identifier());
        assertEquals(Set.of(Notify.On.PASS, Notify.On.FAIL), f.notifications().slack().on());
        assertEquals(5, f.stages().size());
        StageSpec consul = f.stages().get(0);
        assertEquals("install consul for testing", consul.name());
        assertEquals(3, consul.script().size());
        assertEquals(Map.of("SSH_DIR", "/root/.ssh"), f.stages().get(1).env());
        StageSpec push = f.stages().get(4);
        assertTrue(push.branches().matches("master"));
        assertFalse(push.branches().matches("feature/x"));
        assertEquals(PipelineFile.DEFAULT_TIMEOUT, f.timeout());
    }

    @Test
    public void originalFilesWarnThatPackagesIsUnusedButStayValid() {
        ParseResult r = TestFiles.parse("ocelot-yml/valid/original-java-maven.yml");
        assertTrue(r.isValid());
        assertEquals(1, r.warnings().size());
        Problem w = r.warnings().get(0);
        assertEquals(4, w.line());
        assertEquals(1, w.column());
        assertTrue(w.toString(), w.toString().startsWith("original-java-maven.yml:4:1: warning: 'packages' is not used"));
        assertEquals(List.of("git"), r.pipeline().packages());
    }

    @Test
    public void originalJavaBranchesAreWholeNameRegexes() {
        PipelineFile f = valid("original-java-maven.yml");
        assertTrue(f.branches().matches("master"));
        assertTrue(f.branches().matches("feature/login"));
        assertFalse("whole name, not a substring", f.branches().matches("old-master"));
        assertFalse(f.branches().matches("masterpiece"));
        assertEquals("[master, develop, feature/.*]", f.branches().describe());
        assertTrue(f.stages().get(2).branches().matches("release-1.2"));
    }

    @Test
    public void machineTagInsteadOfImage() {
        PipelineFile f = valid("original-machine-tag.yml");
        assertNull(f.image());
        assertEquals("mac", f.machineTag());
        assertEquals("xcode", f.buildTool());
    }

    @Test
    public void everyModernKey() {
        PipelineFile f = valid("modern.yml");
        assertEquals("ocelot/busybox:latest", f.image());
        assertEquals(Duration.ofMinutes(90), f.timeout());
        assertEquals("/src/app", f.workdir());
        assertEquals("values are kept exactly as written", Map.of("LEVEL", "3", "MODE", "fast", "RATIO", "010"), f.env());
        assertEquals(Set.of(Notify.On.FAIL), f.notifications().slack().on());
        assertEquals("https://hooks.example.com/ocelot", f.notifications().webhook().url());
        assertEquals(Set.of(Notify.On.PASS, Notify.On.FAIL), f.notifications().webhook().on());

        StageSpec build = f.stages().get(0);
        assertEquals("module", build.workdir());
        assertEquals(Duration.ofMinutes(5), build.timeout());
        assertEquals("the first '=' splits", Map.of("MODE", "careful", "EXTRA", "a=b"), build.env());
        assertFalse(build.always());

        StageSpec pack = f.stages().get(1);
        assertEquals("merge key: explicit keys win", "package", pack.name());
        assertEquals("/tmp", pack.workdir());
        assertEquals("merge key: the rest is inherited", Duration.ofMinutes(5), pack.timeout());
        assertEquals("a single string is one script entry", List.of("tar czf /tmp/app.tgz .\nls -l /tmp/app.tgz\n"),
                pack.script());

        StageSpec cleanup = f.stages().get(2);
        assertTrue(cleanup.always());
        assertEquals(Duration.ofSeconds(90), cleanup.timeout());
        assertNull(cleanup.workdir());
        assertEquals(List.of("package", "build", "cleanup").size(), f.stages().size());
    }

    @Test
    public void triggerDirectivesParseWithPrecedence() {
        PipelineFile f = valid("triggers.yml");
        assertEquals(List.of(), f.stages().get(0).triggers());
        Trigger deploy = f.stages().get(2).triggers().get(0);
        assertEquals("\\branch main or \\text deploy and \\filepath src/", deploy.source());
        assertEquals("(\\branch main or (\\text deploy and \\filepath src/))", deploy.expression().toString());
        Trigger quoted = f.stages().get(2).triggers().get(1);
        assertEquals("\\text \"[force deploy]\"", quoted.expression().toString());
        assertEquals("\\filepath docs/ && README", f.stages().get(3).triggers().get(0).expression().toString());
    }
}
