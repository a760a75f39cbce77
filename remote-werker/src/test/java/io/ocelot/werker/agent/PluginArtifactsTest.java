package io.ocelot.werker.agent;

import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.werker.agent.client.WerkerClient;
import io.ocelot.werker.engine.files.ArtifactSink.Artifact;
import io.ocelot.werker.engine.files.ArtifactSink.Content;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** The werker's artifact uploads against a fake plugin: streamed, retried, stopped by the cap or a lost lease. */
public class PluginArtifactsTest {
    private static final long ID = 5;
    private FakePlugin plugin;
    private WerkerClient client;
    private Job job;
    private final AtomicBoolean leaseLost = new AtomicBoolean();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Before
    public void setUp() throws IOException {
        plugin = new FakePlugin(200);
        plugin.start();
        client = new WerkerClient(URI.create(plugin.url() + Protocol.BASE_PATH), Duration.ofSeconds(2),
                Duration.ofSeconds(20), Duration.ofSeconds(5), 1);
        client.token(FakePlugin.PRESET_TOKEN);
        plugin.enqueue(ID);
        job = client.poll(new PollRequest(Protocol.VERSION, 1, List.of())).orElseThrow();
    }

    @After
    public void tearDown() {
        client.close();
        plugin.close();
    }

    private PluginArtifacts sink() {
        return new PluginArtifacts(client, ID, job.lease(), () -> leaseLost.set(true), leaseLost::get,
                Duration.ofMillis(10), Duration.ofMillis(50));
    }

    /** A file that exists only as it is read: deterministic bytes, counted as they are produced. */
    private static final class Generated extends InputStream {
        private final Random random = new Random(42);
        private final long size;
        private long produced;

        Generated(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced >= size) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, 8192), size - produced);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            produced += n;
            return n;
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream s = new DigestInputStream(in, d)) {
            s.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    @Test
    public void a64MiBArtifactIsStreamedAsItIsReadNeverHeldWhole() throws Exception {
        long size = 64L * 1024 * 1024;
        Generated file = new Generated(size);
        AtomicLong producedWhenFirstMiBArrived = new AtomicLong(-1);
        plugin.onArtifactBytes = received -> {
            if (received >= 1024 * 1024) {
                producedWhenFirstMiBArrived.compareAndSet(-1, file.produced);
            }
        };

        boolean more = sink().put(new Artifact(0, "build", "dist/big.bin", size), r -> r.read(file), log::add);

        assertTrue(more);
        assertTrue("the plugin had its first MiB while the werker had read only "
                        + producedWhenFirstMiBArrived.get() + " bytes of the file",
                producedWhenFirstMiBArrived.get() > 0 && producedWhenFirstMiBArrived.get() < 8L * 1024 * 1024);
        FakePlugin.StoredArtifact stored = plugin.build(ID).artifacts.get("0:dist/big.bin");
        assertEquals(size, stored.bytes());
        assertEquals(sha256(new Generated(size)), stored.sha256());
        assertTrue(log.toString(), log.get(0).startsWith("artifact dist/big.bin uploaded (64.0 MiB;"));
    }

    @Test
    public void anUnreachablePluginIsRetriedReadingTheFileAnew() throws Exception {
        plugin.failNext("artifacts", 2);
        AtomicInteger opened = new AtomicInteger();
        Content content = r -> {
            opened.incrementAndGet();
            r.read(new java.io.ByteArrayInputStream("report".getBytes(StandardCharsets.UTF_8)));
        };

        assertTrue(sink().put(new Artifact(1, "test", "out dir/a+b&c=d.txt", 6), content, log::add));

        assertEquals(3, opened.get());
        assertEquals("the path arrives as it is, query characters and all", "out dir/a+b&c=d.txt",
                plugin.build(ID).artifacts.get("1:out dir/a+b&c=d.txt").path());
        assertEquals(2, log.stream().filter(l -> l.contains("trying again")).count());
    }

    @Test
    public void aPluginThatStaysAwayCostsThisFileOnlyAfterAFewTries() {
        plugin.failNext("artifacts", 100);
        try {
            sink().put(new Artifact(0, "build", "a.txt", 1),
                    r -> r.read(new java.io.ByteArrayInputStream(new byte[1])), log::add);
            fail("the file must be reported as not kept");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("the server could not be reached in "
                    + PluginArtifacts.ATTEMPTS + " tries"));
        }
        assertFalse(leaseLost.get());
    }

    @Test
    public void overTheBuildsCapUploadingStopsWithALogLine() throws Exception {
        plugin.artifactCapBytes = 10;
        PluginArtifacts sink = sink();
        assertTrue(sink.put(new Artifact(0, "build", "small.txt", 4),
                r -> r.read(new java.io.ByteArrayInputStream(new byte[4])), log::add));

        boolean more = sink.put(new Artifact(0, "build", "large.bin", 100),
                r -> r.read(new java.io.ByteArrayInputStream(new byte[100])), log::add);

        assertFalse("no more artifacts for this build", more);
        assertTrue(log.toString(), log.get(1).startsWith("artifacts: the build's artifact cap on the server is reached "
                + "(large.bin, 100 B)"));
        assertFalse("a 413 is not a lost lease", leaseLost.get());
        assertEquals(List.of("0:small.txt"), List.copyOf(plugin.build(ID).artifacts.keySet()));
    }

    @Test
    public void aLostLeaseStopsTheUploadsAndTheBuild() throws Exception {
        plugin.reassign(ID);

        boolean more = sink().put(new Artifact(0, "build", "a.txt", 1),
                r -> r.read(new java.io.ByteArrayInputStream(new byte[1])), log::add);

        assertFalse(more);
        assertTrue("the session is told, as for any 409", leaseLost.get());
        assertTrue(plugin.build(ID).artifacts.isEmpty());
    }
}
