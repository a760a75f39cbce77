package io.ocelot.core.lang;

import io.ocelot.core.Json;
import io.ocelot.core.plan.BuildEvent;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.CacheSpec;
import io.ocelot.core.plan.Decision;
import io.ocelot.core.plan.ImageBuild;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.plan.Planner;
import io.ocelot.core.plan.ServiceSpec;
import org.junit.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * The keys real projects need: stage graphs ({@code needs}), per-stage images, services, caches, artifacts, image
 * builds and a pipeline's {@code paths}, read from the file and carried into the plan. One mistake per file is in
 * the invalid corpus; this class covers what reads right, what the plan carries, and files with many mistakes.
 */
public class StageGraphAndServicesParserTest {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private static PipelineFile valid(String yaml) {
        ParseResult r = PipelineParserTest.parse(yaml);
        assertTrue(r.report(), r.isValid());
        return r.pipeline();
    }

    private static BuildPlan plan(PipelineFile f) {
        Decision d = new Planner().plan(f, BuildEvent.push("main", COMMIT, List.of(), List.of()));
        assertTrue(d.reason(), d.shouldBuild());
        return d.plan();
    }

    @Test
    public void aFileWithoutNeedsKeepsFileOrderAndNoStageCarriesNeeds() {
        BuildPlan p = plan(valid("image: x\nstages:\n  - {name: a, script: [x]}\n  - {name: b, script: [x]}\n"));
        assertFalse(p.isGraph());
        for (PlannedStage s : p.stages()) {
            assertNull(s.name(), s.needs());
        }
        assertFalse("no needs in the JSON a werker receives", Json.write(p).contains("needs"));
    }

    @Test
    public void oneStageWithNeedsMakesEveryStageCarryAList() {
        PipelineFile f = valid("image: x\nstages:\n  - {name: compile, script: [x]}\n  - {name: lint, script: [x]}\n"
                + "  - {name: test, needs: [compile], script: [x]}\n  - {name: ship, needs: [test, lint], script: [x]}\n");
        assertNull("the stage has no needs key", f.stages().get(0).needs());
        BuildPlan p = plan(f);
        assertTrue(p.isGraph());
        assertEquals(List.of(), p.stages().get(0).needs());
        assertEquals(List.of(), p.stages().get(1).needs());
        assertEquals(List.of("compile"), p.stages().get(2).needs());
        assertEquals("in the order written", List.of("test", "lint"), p.stages().get(3).needs());
    }

    @Test
    public void aStageImageIsCarriedAndOthersUseTheBuildsImage() {
        BuildPlan p = plan(valid("image: ocelot/busybox\nstages:\n  - {name: a, image: 'maven:3.9-eclipse-temurin-17', "
                + "script: [mvn -v]}\n  - {name: b, script: [x]}\n"));
        assertEquals("maven:3.9-eclipse-temurin-17", p.stages().get(0).image());
        assertNull(p.stages().get(1).image());
        assertEquals("ocelot/busybox", p.image());
    }

    @Test
    public void servicesAreReadWithEnvAndCommandInEitherForm() {
        PipelineFile f = valid("""
                image: x
                services:
                  - name: db
                    image: postgres:16
                    env: {POSTGRES_PASSWORD: test, POSTGRES_DB: app}
                    command: postgres -c "fsync=off" -c 'log_statement=all'
                  - name: cache
                    image: redis:7
                    env: [A=1]
                    command: [redis-server, --save, '']
                  - name: build
                    image: registry.example.com:5000/team/mock:1.2
                stages:
                  - name: build
                    script: [make]
                """);
        assertEquals(List.of(
                new ServiceSpec("db", "postgres:16", Map.of("POSTGRES_PASSWORD", "test", "POSTGRES_DB", "app"),
                        List.of("postgres", "-c", "fsync=off", "-c", "log_statement=all")),
                new ServiceSpec("cache", "redis:7", Map.of("A", "1"), List.of("redis-server", "--save", "")),
                new ServiceSpec("build", "registry.example.com:5000/team/mock:1.2", Map.of(), List.of())),
                f.services());
        assertEquals("a service may share a stage's name", "build", f.stages().get(0).name());
        assertEquals(f.services(), plan(f).services());
    }

    @Test
    public void cachesAreReadWithTheirKeys() {
        PipelineFile f = valid("image: x\ncaches:\n  - {name: maven, paths: [.m2/repository], key: [pom.xml, a/pom.xml]}\n"
                + "  - name: node_modules-v2\n    paths: [web/node_modules, .npm]\n" + "stages: [{name: a, script: [x]}]\n");
        assertEquals(List.of(new CacheSpec("maven", List.of(".m2/repository"), List.of("pom.xml", "a/pom.xml")),
                new CacheSpec("node_modules-v2", List.of("web/node_modules", ".npm"), List.of())), f.caches());
        assertEquals(f.caches(), plan(f).caches());
    }

    @Test
    public void artifactsAreAGlobListOrOneGlob() {
        PipelineFile f = valid("image: x\nstages:\n  - {name: a, script: [x], artifacts: ['dist/*.tar.gz', 'build/**/*.jar']}\n"
                + "  - {name: b, script: [x], artifacts: report.html}\n  - {name: c, script: [x]}\n");
        BuildPlan p = plan(f);
        assertEquals(List.of("dist/*.tar.gz", "build/**/*.jar"), p.stages().get(0).artifacts());
        assertEquals(List.of("report.html"), p.stages().get(1).artifacts());
        assertEquals(List.of(), p.stages().get(2).artifacts());
    }

    @Test
    public void aBuildImageStageHasNoScriptAndTakesDefaults() {
        PipelineFile f = valid("image: x\nstages:\n  - name: image\n    buildImage:\n      tags: [team/app:latest]\n"
                + "  - name: pushed\n    needs: [image]\n    buildImage:\n      context: docker\n      dockerfile: app.Dockerfile\n"
                + "      tags: [registry.example.com/team/app:1, registry.example.com/team/app:latest]\n      push: true\n");
        BuildPlan p = plan(f);
        PlannedStage first = p.stages().get(0);
        assertEquals(List.of(), first.script());
        assertEquals(new ImageBuild(".", "Dockerfile", List.of("team/app:latest"), false), first.buildImage());
        assertEquals(new ImageBuild("docker", "app.Dockerfile", List.of("registry.example.com/team/app:1",
                "registry.example.com/team/app:latest"), true), p.stages().get(1).buildImage());
        assertNull("a script stage builds nothing", plan(valid("image: x\nstages: [{name: a, script: [x]}]\n"))
                .stages().get(0).buildImage());
    }

    @Test
    public void aHostShellFileMayKeepCachesAndArtifacts() {
        PipelineFile f = valid("machineTag: mac\ncaches: [{name: deps, paths: [vendor]}]\n"
                + "stages:\n  - {name: a, script: [make], artifacts: [out/*]}\n  - {name: b, needs: [a], script: [x]}\n");
        assertTrue(f.isHostShell());
        assertEquals(1, f.caches().size());
        assertEquals(List.of("a"), plan(f).stages().get(1).needs());
    }

    @Test
    public void everyMistakeOfAFileIsReportedAtOnce() {
        ParseResult r = PipelineParserTest.parse("""
                image: x
                services:
                  - {name: DB, image: postgres}
                caches:
                  - {name: deps, paths: [/abs]}
                paths: []
                stages:
                  - name: a
                    needs: [b, deploy]
                    script: [x]
                  - name: b
                    needs: [a]
                    image: 'Bad Image'
                    script: [x]
                    artifacts: []
                  - name: img
                    buildImage: {tags: []}
                """);
        assertEquals(r.report(), List.of(
                "ocelot.yml:3:12: 'name' of a service: 'DB' is not a host name: use lower-case letters, digits and '-', "
                        + "starting with a letter or digit, at most 63 characters",
                "ocelot.yml:5:26: 'paths' of cache 'deps': '/abs': the path must be relative to the workspace, not start with '/'",
                "ocelot.yml:6:8: 'paths' is empty: list at least one path, e.g. 'services/api/'",
                "ocelot.yml:9:16: 'needs' of stage 'a': there is no stage 'deploy' (the stages are: [a, b, img])",
                "ocelot.yml:12:13: 'needs' makes a cycle: a -> b -> a; these stages would wait for each other forever",
                "ocelot.yml:13:12: 'image' of stage 'b': invalid image reference 'Bad Image': expected an image such as "
                        + "'maven:3.9', 'library/redis' or 'registry.example.com:5000/team/app:1.2' (repository names are "
                        + "lower case: letters, digits and '.', '_', '-' between them)",
                "ocelot.yml:15:5: 'artifacts' of stage 'b' is empty: list at least one glob, e.g. 'dist/*.tar.gz'",
                "ocelot.yml:17:24: 'buildImage.tags' is empty: name at least one image, e.g. "
                        + "'registry.example.com/team/app:latest'"),
                r.problems().stream().map(Problem::toString).toList());
    }

    @Test
    public void eachCycleIsNamedOnce() {
        ParseResult r = PipelineParserTest.parse("image: x\nstages:\n"
                + "  - {name: a, needs: [b], script: [x]}\n  - {name: b, needs: [c], script: [x]}\n"
                + "  - {name: c, needs: [a, b], script: [x]}\n"
                + "  - {name: d, needs: [e], script: [x]}\n  - {name: e, needs: [d], script: [x]}\n");
        List<String> messages = r.errors().stream().map(Problem::message).toList();
        assertEquals(r.report(), List.of(
                "'needs' makes a cycle: a -> b -> c -> a; these stages would wait for each other forever",
                "'needs' makes a cycle: b -> c -> b; these stages would wait for each other forever",
                "'needs' makes a cycle: d -> e -> d; these stages would wait for each other forever"), messages);
    }

    @Test(timeout = 30_000)
    public void aLongChainOfNeedsIsCheckedWithoutRunningOutOfStack() {
        StringBuilder y = new StringBuilder("image: x\nstages:\n  - {name: s0, needs: [s4999], script: [x]}\n");
        for (int i = 1; i < 5000; i++) {
            y.append("  - {name: s").append(i).append(", needs: [s").append(i - 1).append("], script: [x]}\n");
        }
        ParseResult r = PipelineParserTest.parse(y.toString());
        assertEquals(r.report(), 1, r.errors().size());
        assertEquals("the cycle is shortened in the message",
                "'needs' makes a cycle: s0 -> s4999 -> s4998 -> s4997 -> s4996 -> s4995 -> s4994 -> s4993 -> s4992 -> "
                        + "... (4991 more) -> s0; these stages would wait for each other forever", r.errors().get(0).message());
        String chain = y.toString().replace("needs: [s4999], ", "");
        assertTrue(PipelineParserTest.parse(chain).report(), PipelineParserTest.parse(chain).isValid());
    }

    @Test(timeout = 30_000)
    public void thousandsOfUnknownNeedsBesideThousandsOfStagesAreReportedQuickly() {
        StringBuilder y = new StringBuilder("image: x\nstages:\n  - name: first\n    script: [x]\n    needs:\n");
        for (int i = 0; i < 4000; i++) {
            y.append("      - nostage").append(i).append('\n');
        }
        for (int i = 0; i < 4000; i++) {
            y.append("  - {name: stage").append(i).append(", script: [x]}\n");
        }
        long start = System.nanoTime();
        ParseResult r = PipelineParserTest.parse(y.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(r.isValid());
        assertTrue("took " + millis + " ms", millis < 5_000);
        assertTrue(r.report(), r.errors().get(0).message().contains("— did you mean 'stage0'?"));
        assertEquals("no suggestion once many were made", "'needs' of stage 'first': there is no stage 'nostage20'",
                r.errors().get(StageGraph.MAX_SUGGESTIONS).message());
    }

    @Test
    public void serviceCommandsSplitLikeAShellWithoutExpanding() {
        List<String> words = new ArrayList<>();
        assertEquals(-1, ServicesReader.words("  a  'b c' \"d \\\" e\" f\\ g $HOME ''  ", words));
        assertEquals(List.of("a", "b c", "d \" e", "f g", "$HOME", ""), words);
        assertEquals("offset of the quote left open", 2, ServicesReader.words("a \"b", new ArrayList<>()));
    }

    @Test
    public void imageReferencesFollowDockersGrammar() {
        for (String ok : List.of("x", "postgres", "postgres:16", "library/redis:7-alpine", "my-image_2.a__b",
                "registry.example.com:5000/team/app:1.2", "localhost/app", "Registry.Example.com/app",
                "ghcr.io/a/b@sha256:" + "a".repeat(64), "app:v1.2-rc_3@sha256:" + "0".repeat(64), "[::1]:5000/app")) {
            assertNull(ok, ImageReference.problem(ok));
        }
        for (String bad : List.of("", " ", "Maven", "app:", "app::1", "-app", "app/", "a b", "app:.x", "app@sha256:12",
                "a//b", "app:" + "t".repeat(129), "a".repeat(256), "team/App")) {
            assertTrue(bad, ImageReference.problem(bad) != null);
        }
    }
}
