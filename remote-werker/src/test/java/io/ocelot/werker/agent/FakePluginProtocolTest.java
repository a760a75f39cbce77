package io.ocelot.werker.agent;

import io.ocelot.contract.WerkerProtocolContract;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import org.junit.After;
import org.junit.Before;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The werker-protocol contract on the {@link FakePlugin} the agent's tests run against: what those tests take for
 * the plugin's answers is what the plugin answers (the plugin's tests run the same contract on its real service).
 */
public class FakePluginProtocolTest extends WerkerProtocolContract {
    private final AtomicLong ids = new AtomicLong(500);
    private FakePlugin plugin;

    @Before
    public void start() throws Exception {
        plugin = new FakePlugin(200).start();
    }

    @After
    public void stop() {
        plugin.close();
    }

    @Override
    protected Server server() {
        return new Server() {
            @Override
            public String werkerUrl() {
                return plugin.url() + Protocol.BASE_PATH;
            }

            @Override
            public String registrationSecret() {
                return FakePlugin.SECRET;
            }

            @Override
            public long enqueueBuild() {
                long id = ids.incrementAndGet();
                plugin.enqueue(id, new BuildPlan(BuildPlan.VERSION, "default", "ocelot/busybox:latest", null, 600,
                        BuildPlan.CONTAINER_WORKSPACE, List.of(stage("build"), stage("test"))), Map.of(),
                        new CloneSpec("http://127.0.0.1:9/scm/PROJ/repo.git", null, null, null), "abc123");
                return id;
            }

            @Override
            public void requestCancel(long buildId, String reason) {
                plugin.requestCancel(buildId, reason);
            }

            @Override
            public byte[] storedLog(long buildId) {
                return plugin.build(buildId).logBytes();
            }

            @Override
            public List<String> storedStages(long buildId) {
                Map<Integer, StageUpdate> last = new TreeMap<>();
                plugin.build(buildId).stages.forEach(u -> last.put(u.index(), u));
                return last.values().stream().map(u -> u.index() + ":" + u.status() + ":" + u.exitCode()).toList();
            }

            @Override
            public BuildResult storedResult(long buildId) {
                FinishRequest f = plugin.build(buildId).finish;
                return f == null ? null : f.result();
            }
        };
    }

    private static PlannedStage stage(String name) {
        return new PlannedStage(name, List.of("true"), Map.of(), null, 0, false, false, null);
    }
}
