package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.protocol.Messages.RegistryAuth;
import io.ocelot.werker.wiring.Engines;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.ocelot.werker.engine.Plans.stage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Pulling a build image from a real private registry with the job's credentials: Debian's {@code docker-registry}
 * with htpasswd auth on loopback (Docker allows plain HTTP to 127.0.0.0/8 registries).
 * Needs the packages {@code docker-registry} and {@code apache2-utils} (scripts/setup-docker.sh installs them).
 */
public class PrivateRegistryTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static final String USER = "ci-puller";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static Process registry;
    private static String address;
    private static String image;

    @BeforeClass
    public static void startRegistryAndPushAnImage() throws Exception {
        DockerFixture.requireDocker();
        for (String tool : new String[]{"docker-registry", "htpasswd"}) {
            if (DockerFixture.run("sh", "-c", "command -v " + tool).code() != 0) {
                fail(tool + " is not installed; run scripts/setup-docker.sh --test-tools as root "
                        + "(apt-get install docker-registry apache2-utils)");
            }
        }
        Path dir = tmp.newFolder("registry").toPath();
        Path htpasswd = dir.resolve("htpasswd");
        // bcrypt is the only scheme the registry accepts; the password goes in on stdin, not argv
        Process hp = new ProcessBuilder("htpasswd", "-iBn", USER).redirectErrorStream(false).start();
        try (OutputStream in = hp.getOutputStream()) {
            in.write(PASSWORD.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(htpasswd, hp.getInputStream().readAllBytes());
        assertEquals(0, hp.waitFor());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        address = "127.0.0.1:" + port;
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: error
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: %s
                auth:
                  htpasswd:
                    realm: ocelot-test
                    path: %s
                """.formatted(dir.resolve("data"), address, htpasswd));
        registry = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        waitUntilUp(port);

        image = address + "/ocelot/private-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        Path dockerConfig = tmp.newFolder("docker-config").toPath(); // keeps the login out of ~/.docker
        Process login = new ProcessBuilder("docker", "--config", dockerConfig.toString(), "login", "-u", USER,
                "--password-stdin", address).redirectErrorStream(true).start();
        try (OutputStream in = login.getOutputStream()) {
            in.write(PASSWORD.getBytes(StandardCharsets.UTF_8));
        }
        String loginOut = new String(login.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(loginOut, 0, login.waitFor());
        DockerFixture.runOk("docker", "tag", Plans.IMAGE, image);
        DockerFixture.runOk("docker", "--config", dockerConfig.toString(), "push", image);
        DockerFixture.runOk("docker", "rmi", image); // only the registry has it now
    }

    private static void waitUntilUp(int port) throws Exception {
        long end = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < end) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL()
                        .openConnection();
                if (c.getResponseCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("docker-registry did not start on port " + port);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (image != null) {
            DockerFixture.run("docker", "rmi", image);
        }
        if (registry != null) {
            registry.destroy();
            registry.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Where the werker records the images it pulled (for image garbage collection). */
    private Path ledger;

    private BuildOutcome runWith(RegistryAuth auth, RecordingListener l) throws IOException {
        ledger = tmp.newFolder().toPath().resolve("pulled-images.json");
        String werker = "registry-" + UUID.randomUUID().toString().substring(0, 8);
        Path work = tmp.newFolder().toPath();
        Path project = tmp.newFolder().toPath();
        BuildRunner engine = Engines.create(EngineConfig.of(werker, work).withGrace(Duration.ofSeconds(1))
                .withImageLedger(ledger));
        assertTrue("the image must exist only in the registry", DockerFixture.run("docker", "image", "inspect", image)
                .code() != 0);
        BuildOutcome o = engine.run(new BuildRequest(1, werker, Plans.docker(image, 0, stage("s", "echo pulled ok")),
                null, null, "main", project, Map.of(), auth), l, new Cancellation());
        DockerFixture.assertNothingLeft(werker, work);
        DockerFixture.run("docker", "rmi", image); // each test pulls afresh
        return o;
    }

    @Test
    public void wrongCredentialsErrorWithTheReasonAndNoPassword() throws Exception {
        RecordingListener l = new RecordingListener();
        String wrong = "wrong-" + UUID.randomUUID();
        BuildOutcome o = runWith(new RegistryAuth(address, USER, wrong), l);

        assertEquals(BuildResult.ERRORED, o.result());
        assertTrue(o.message(), o.message().startsWith("image '" + image + "' not found locally and could not be pulled: "));
        assertFalse(o.message().contains(wrong));
        assertFalse(l.everything().contains(wrong));
        assertTrue("nothing pulled, nothing recorded",
                new io.ocelot.werker.engine.docker.ImageLedger(ledger).byLastUse().isEmpty());
    }

    @Test
    public void pullsWithTheJobsCredentials() throws Exception {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = runWith(new RegistryAuth(address, USER, PASSWORD), l);

        assertEquals(o.message(), BuildResult.PASSED, o.result());
        assertEquals("pulled ok\n", l.stdout(0));
        assertTrue(l.system(BuildListener.SETUP).contains("$ docker pull " + image + " (as " + USER + ")"));
        assertFalse(l.everything().contains(PASSWORD));
        assertEquals("the pulled image is recorded as this werker's", java.util.Set.of(image),
                new io.ocelot.werker.engine.docker.ImageLedger(ledger).byLastUse().keySet());
    }
}
