package io.ocelot.core.plan;

import io.ocelot.contract.GoldenCases;
import io.ocelot.core.Json;
import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineParser;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The golden plans: each directory under {@code src/test/resources/golden} holds an {@code ocelot.yml} and an
 * {@code event.json} (what happened in the repository), beside the one output they must produce, byte for byte:
 * {@code plan.json} (the plan, exactly as {@code ocelot plan} prints it and, compact, as the werker receives it),
 * {@code no-build.txt} (the reason there is no build) or {@code errors.txt} (the file's problems, each with
 * {@code ocelot.yml:LINE:COLUMN}). A change that alters any plan shows up here as a diff a reviewer reads.
 *
 * <p>Regenerate after an intended change with {@code -Docelot.golden.update=true} (never on by default), then read
 * the diff of the golden files before committing them. The werker build checks the same files through the
 * {@code ocelot plan} command ({@code PlanCommandGoldenTest}).
 */
@RunWith(Parameterized.class)
public class GoldenPlanTest {
    static final String UPDATE_PROPERTY = "ocelot.golden.update";
    static final Path DIR = GoldenCases.folder(".");
    private static final List<String> OUTPUTS = List.of("plan.json", "no-build.txt", "errors.txt");

    private final Path dir;

    public GoldenPlanTest(String name, Path dir) {
        this.dir = dir;
    }

    @Parameters(name = "{0}")
    public static Collection<Object[]> cases() throws IOException {
        return GoldenCases.of(DIR);
    }

    @Test
    public void producesExactlyTheGoldenOutput() throws IOException {
        GoldenEvent event = Json.read(Files.readAllBytes(dir.resolve("event.json")), GoldenEvent.class);
        ParseResult parsed = PipelineParser.parse("ocelot.yml", Files.readAllBytes(dir.resolve("ocelot.yml")));
        String name;
        String actual;
        if (!parsed.isValid()) {
            name = "errors.txt";
            actual = parsed.report() + "\n";
        } else {
            Decision d = new Planner().plan(parsed.pipeline(), event.toBuildEvent());
            if (d.shouldBuild()) {
                name = "plan.json";
                actual = Json.writePretty(d.plan()) + "\n";
                assertEquals("the compact wire form reads back as the same plan", d.plan(),
                        Json.read(Json.write(d.plan()), BuildPlan.class));
            } else {
                name = "no-build.txt";
                actual = "no build: " + d.reason() + "\n";
            }
        }
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            for (String other : OUTPUTS) {
                Files.deleteIfExists(dir.resolve(other));
            }
            Files.writeString(dir.resolve(name), actual, StandardCharsets.UTF_8);
            return;
        }
        for (String other : OUTPUTS) {
            if (!other.equals(name)) {
                assertTrue(dir.getFileName() + " expects " + other + " but the planner's answer is " + name + ":\n"
                        + actual, Files.notExists(dir.resolve(other)));
            }
        }
        Path golden = dir.resolve(name);
        assertTrue("missing " + golden + " (regenerate with -D" + UPDATE_PROPERTY + "=true); the output is:\n"
                + actual, Files.exists(golden));
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            fail(dir.getFileName() + "/" + name + " differs from what the planner produces (regenerate with -D"
                    + UPDATE_PROPERTY + "=true if the change is intended):\n" + GoldenCases.unifiedDiff(name, expected, actual));
        }
    }

    /**
     * {@code event.json}: what happened, with the trigger named as on the {@code ocelot plan} command line
     * ({@code push}, {@code pr}, {@code manual}); a pull request also names {@code targetBranch}, {@code prId}
     * and optionally {@code targetCommit}; a pushed tag gives {@code tag} instead of {@code branch}. BUILD_ID stays 0: the plugin sets it when the build is stored.
     */
    record GoldenEvent(String branch, String commit, List<String> messages, List<String> changed, String trigger,
                       boolean force, String tag, String targetBranch, String targetCommit, Long prId) {
        BuildEvent toBuildEvent() {
            TriggerKind kind = switch (trigger == null ? "push" : trigger) {
                case "push" -> TriggerKind.PUSH;
                case "pr" -> TriggerKind.PULL_REQUEST;
                case "manual" -> TriggerKind.MANUAL;
                default -> throw new IllegalArgumentException("event.json: unknown trigger '" + trigger
                        + "' (push, pr or manual)");
            };
            if (tag != null) {
                return new BuildEvent(tag, commit, messages, changed, kind, force, 0, null, tag);
            }
            PullRequestScope pr = kind == TriggerKind.PULL_REQUEST ? new PullRequestScope(prId, branch, targetBranch,
                    targetCommit == null ? "0".repeat(40) : targetCommit) : null;
            return new BuildEvent(branch, commit, messages, changed, kind, force, 0, pr, null);
        }
    }
}
