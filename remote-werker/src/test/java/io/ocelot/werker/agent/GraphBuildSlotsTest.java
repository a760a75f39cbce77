package io.ocelot.werker.agent;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.werker.engine.Trees;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * {@code --max-builds} counts builds, not the stages (or containers) a build runs at once: a real werker with
 * {@code --max-builds 2} runs two stage-graph builds of three parallel stages each at the same time.
 */
public class GraphBuildSlotsTest {
    private FakePlugin plugin;
    private Path root;
    private RealWerker werker;
    private CloneSpec repo;
    private final String[] commit = new String[1];

    @Before
    public void setUp() throws Exception {
        plugin = new FakePlugin(300).start();
        root = Files.createTempDirectory("ocelot-graph-slots-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        repo = RealWerker.repository(root.resolve("repo"), commit);
    }

    @After
    public void tearDown() throws Exception {
        if (werker != null) {
            werker.close();
        }
        if (plugin != null) {
            plugin.close();
        }
        if (root != null) {
            Trees.deleteRecursively(root);
        }
    }

    /** Three stages that need nothing: each notes its start and end in {@code journal}. */
    private static BuildPlan graph(long build, Path journal) {
        List<PlannedStage> stages = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            String tag = build + name;
            stages.add(new PlannedStage(name, List.of("echo start " + tag + " >> " + journal, "sleep 6",
                    "echo end " + tag + " >> " + journal), Map.of(), "/workspace", 60, false, false, null, List.of(),
                    List.of(), null, List.of(), null));
        }
        return new BuildPlan(BuildPlan.VERSION, "default", null, "linux", 120, "/workspace", stages);
    }

    @Test
    public void twoGraphBuildsOfThreeStagesRunAtOnceWithMaxBuildsTwo() throws Exception {
        Path shared = Files.createDirectories(root.resolve("journal"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path journal = shared.resolve("journal.txt");
        Files.writeString(journal, "");
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-rw-rw-"));
        werker = RealWerker.start(plugin, "graphs", root.resolve("work"), root.resolve("werker.log"),
                "--max-builds", "2", "--parallel-stages", "3", "--disk-floor", "0");
        plugin.enqueue(1, graph(1, journal), Map.of(), repo, commit[0]);
        plugin.enqueue(2, graph(2, journal), Map.of(), repo, commit[0]);

        for (long id = 1; id <= 2; id++) {
            long build = id;
            AgentTest.await("build " + id + " finished",
                    () -> plugin.build(build).finish != null || !werker.process.isAlive());
            FinishRequest finish = plugin.build(id).finish;
            assertTrue(werker.output(), finish != null);
            assertEquals(finish.message(), BuildResult.PASSED, finish.result());
        }
        List<String> lines = Files.readAllLines(journal);
        assertEquals(String.join("\n", lines), 12, lines.size());
        assertTrue("all six stages of both builds started before any ended:\n" + String.join("\n", lines),
                lines.subList(0, 6).stream().allMatch(l -> l.startsWith("start ")));
    }
}
