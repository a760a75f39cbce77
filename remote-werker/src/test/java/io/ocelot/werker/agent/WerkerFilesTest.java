package io.ocelot.werker.agent;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.CacheSpec;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.werker.engine.Trees;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A real {@code ocelot werker start} process against the fake plugin: a Docker build's artifacts arrive at the
 * plugin as the stage wrote them, and the job's repository finds its cache in the werker's cache dir next time.
 */
public class WerkerFilesTest {
    private FakePlugin plugin;
    private Path root;
    private RealWerker werker;

    @Before
    public void setUp() throws Exception {
        plugin = new FakePlugin(300).start();
        root = Files.createTempDirectory("ocelot-werker-files-");
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

    private static BuildPlan plan(PlannedStage stage) {
        return new BuildPlan(BuildPlan.VERSION, "default", "ocelot/busybox:latest", null, 300, "/workspace",
                List.of(stage), null, null, null, List.of(),
                List.of(new CacheSpec("deps", List.of("deps"), List.of("README"))));
    }

    @Test
    public void artifactsReachThePluginByteForByteAndTheRepositorysCacheComesBack() throws Exception {
        String[] commit = new String[1];
        CloneSpec repo = RealWerker.repository(root.resolve("repo"), commit);
        Path caches = root.resolve("caches");
        werker = RealWerker.start(plugin, "files-" + UUID.randomUUID().toString().substring(0, 8),
                root.resolve("work"), root.resolve("werker.log"), "--disk-floor", "0", "--cache-dir",
                caches.toString(), "--cache-max-bytes", "1GiB");

        plugin.enqueue(1, plan(new PlannedStage("build", List.of(
                "mkdir -p dist/sub deps && head -c 3000000 /dev/urandom > dist/app.bin && echo notes > dist/sub/n.txt",
                "echo from-build-1 > deps/marker",
                "sha256sum dist/app.bin dist/sub/n.txt"), Map.of(), "/workspace", 60, false, false, null, List.of(),
                null, null, List.of("dist/**"), null)), Map.of(), repo, commit[0]);
        AgentTest.await("first build finished", () -> plugin.build(1).finish != null || !werker.process.isAlive());
        String log = new String(plugin.build(1).logBytes(), StandardCharsets.UTF_8);
        assertEquals(log + werker.output(), BuildResult.PASSED, plugin.build(1).finish.result());

        Matcher sums = Pattern.compile("([0-9a-f]{64})\\s+(dist/\\S+)").matcher(log);
        int files = 0;
        while (sums.find()) {
            FakePlugin.StoredArtifact a = plugin.build(1).artifacts.get("0:" + sums.group(2));
            assertEquals(log, sums.group(1), a == null ? "missing" : a.sha256());
            files++;
        }
        assertEquals(log, 2, files);
        assertEquals(2, plugin.build(1).artifacts.size());
        assertTrue(log, log.contains("cache 'deps' saved ("));

        plugin.enqueue(2, plan(new PlannedStage("check", List.of("cat deps/marker"), Map.of(), "/workspace", 60,
                false, false, null)), Map.of(), repo, commit[0]);
        AgentTest.await("second build finished", () -> plugin.build(2).finish != null || !werker.process.isAlive());
        String second = new String(plugin.build(2).logBytes(), StandardCharsets.UTF_8);
        assertEquals(second, BuildResult.PASSED, plugin.build(2).finish.result());
        assertTrue(second, second.contains("cache 'deps' restored ("));
        assertTrue(second, second.contains("from-build-1\n"));
    }
}
