package io.ocelot.werker.agent;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.werker.agent.client.WerkerClient;
import io.ocelot.werker.engine.BuildListener;
import io.ocelot.werker.engine.BuildOutcome;
import io.ocelot.werker.engine.BuildRequest;
import io.ocelot.werker.engine.Cancellation;
import io.ocelot.werker.engine.EngineConfig;
import io.ocelot.werker.engine.files.ArtifactSink;
import io.ocelot.werker.wiring.Engines;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A 64 MiB artifact of a Docker build goes from the container's archive stream into the upload's body as it is
 * read: when the plugin holds its first MiB, the werker has read only a little more than that out of the workspace.
 */
public class ArtifactStreamingTest {
    private static final long ID = 9;
    private static final long SIZE = 64L * 1024 * 1024;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakePlugin plugin;
    private WerkerClient client;

    @Before
    public void setUp() throws IOException {
        plugin = new FakePlugin(200).start();
        client = new WerkerClient(URI.create(plugin.url() + Protocol.BASE_PATH), Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofSeconds(5), 1);
        client.token(FakePlugin.PRESET_TOKEN);
    }

    @After
    public void tearDown() {
        client.close();
        plugin.close();
    }

    @Test
    public void aLargeArtifactIsStreamedFromTheContainerToThePlugin() throws Exception {
        plugin.enqueue(ID);
        Job job = client.poll(new PollRequest(Protocol.VERSION, 1, List.of())).orElseThrow();
        AtomicLong readFromWorkspace = new AtomicLong();
        AtomicLong readWhenFirstMiBArrived = new AtomicLong(-1);
        plugin.onArtifactBytes = received -> {
            if (received >= 1024 * 1024) {
                readWhenFirstMiBArrived.compareAndSet(-1, readFromWorkspace.get());
            }
        };
        PluginArtifacts upload = new PluginArtifacts(client, ID, job.lease(), () -> { }, () -> false);
        // counts what the werker pulls out of the workspace stream on its way to the upload
        ArtifactSink counted = (artifact, content, log) -> upload.put(artifact, reader -> content.open(in ->
                reader.read(new FilterInputStream(in) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            readFromWorkspace.addAndGet(n);
                        }
                        return n;
                    }
                })), log);

        String werker = "stream-" + UUID.randomUUID().toString().substring(0, 8);
        Path work = tmp.newFolder("work").toPath();
        Path project = tmp.newFolder("project").toPath();
        Files.writeString(project.resolve("README"), "x\n");
        BuildPlan plan = new BuildPlan(BuildPlan.VERSION, "default", "ocelot/busybox:latest", null, 300, "/workspace",
                List.of(new PlannedStage("big", List.of("head -c " + SIZE + " /dev/urandom > big.bin",
                        "sha256sum big.bin"), Map.of(), null, 120, false, false, null, List.of(), null, null,
                        List.of("big.bin"), null)));
        Log log = new Log();
        BuildOutcome o = Engines.create(EngineConfig.of(werker, work)).run(new BuildRequest(ID, werker, plan, null,
                null, "main", project, Map.of(), null, "PROJ/repo", counted), log, new Cancellation());

        String text = log.text();
        assertEquals(text, BuildResult.PASSED, o.result());
        Matcher sum = Pattern.compile("([0-9a-f]{64})\\s+big.bin").matcher(text);
        assertTrue(text, sum.find());
        FakePlugin.StoredArtifact stored = plugin.build(ID).artifacts.get("0:big.bin");
        assertEquals(SIZE, stored.bytes());
        assertEquals(sum.group(1), stored.sha256());
        assertEquals(SIZE, readFromWorkspace.get());
        assertTrue("when the plugin had its first MiB the werker had read " + readWhenFirstMiBArrived.get()
                        + " bytes of the workspace's 64 MiB",
                readWhenFirstMiBArrived.get() > 0 && readWhenFirstMiBArrived.get() < 16L * 1024 * 1024);
    }

    private static final class Log implements BuildListener {
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();

        @Override
        public void stageStarted(int index, String name) {
        }

        @Override
        public synchronized void log(int index, LogStream stream, byte[] data) {
            all.writeBytes(data);
        }

        @Override
        public void stageFinished(StageResult result) {
        }

        synchronized String text() {
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
