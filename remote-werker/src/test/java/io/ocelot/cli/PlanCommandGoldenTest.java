package io.ocelot.cli;

import io.ocelot.contract.GoldenCases;
import com.fasterxml.jackson.databind.JsonNode;
import io.ocelot.core.Json;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

/**
 * The golden plans of the plugin's source tree ({@code src/test/resources/golden}, see its README) through
 * {@code ocelot plan}: for each case the command, given the case's event as flags, must print exactly the case's
 * {@code plan.json} or {@code no-build.txt} on stdout, or exactly its {@code errors.txt} on stderr. The plugin
 * build checks the same files against the planner directly, so what a user previews is what Bitbucket builds.
 * Regenerating is done there ({@code GoldenPlanTest}); this test only reads.
 */
@RunWith(Parameterized.class)
public class PlanCommandGoldenTest {
    private static final Path DIR = GoldenCases.folder("..");

    private final Path dir;

    public PlanCommandGoldenTest(String name, Path dir) {
        this.dir = dir;
    }

    @Parameters(name = "{0}")
    public static Collection<Object[]> cases() throws IOException {
        return GoldenCases.of(DIR);
    }

    @Test
    public void planCommandPrintsExactlyTheGoldenOutput() throws IOException {
        Path file = dir.resolve("ocelot.yml");
        CliRun r = CliRun.run(arguments(file, Json.mapper().readTree(dir.resolve("event.json").toFile())));
        if (Files.exists(dir.resolve("plan.json"))) {
            assertEquals(r.err(), Main.EXIT_OK, r.exit());
            same("plan.json", r.out());
        } else if (Files.exists(dir.resolve("no-build.txt"))) {
            assertEquals(r.err(), Main.EXIT_FAILED, r.exit());
            same("no-build.txt", r.out());
        } else {
            assertEquals(r.out(), Main.EXIT_FAILED, r.exit());
            // the command names the file as it was given; the golden file calls it ocelot.yml
            same("errors.txt", r.err().replace(file.toString(), "ocelot.yml"));
        }
    }

    private static String[] arguments(Path file, JsonNode event) {
        List<String> args = new ArrayList<>(List.of("plan", file.toString(),
                "--commit", event.path("commit").asText(),
                "--trigger", event.path("trigger").asText("push")));
        if (event.hasNonNull("tag")) {
            args.addAll(List.of("--tag", event.path("tag").asText()));
        } else {
            args.addAll(List.of("--branch", event.path("branch").asText()));
        }
        for (String[] flag : new String[][]{{"targetBranch", "--target-branch"}, {"targetCommit", "--target-commit"},
                {"prId", "--pr-id"}}) {
            if (event.hasNonNull(flag[0])) {
                args.addAll(List.of(flag[1], event.path(flag[0]).asText()));
            }
        }
        event.path("messages").forEach(m -> args.addAll(List.of("--message", m.asText())));
        event.path("changed").forEach(p -> args.addAll(List.of("--changed", p.asText())));
        if (event.path("force").asBoolean(false)) {
            args.add("--force");
        }
        return args.toArray(String[]::new);
    }

    private void same(String name, String actual) throws IOException {
        String expected = Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            fail(dir.getFileName() + ": ocelot plan does not print " + name + ":\n"
                    + GoldenCases.unifiedDiff(name, expected, actual));
        }
    }
}
