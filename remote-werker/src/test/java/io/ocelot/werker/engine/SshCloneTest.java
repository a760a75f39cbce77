package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.werker.wiring.Engines;
import io.ocelot.werker.workspace.GitCheckout;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.ocelot.werker.engine.Plans.host;
import static io.ocelot.werker.engine.Plans.stage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Cloning over SSH with the job's private key, against a real {@code sshd} (Debian {@code openssh-server}) that this
 * test starts on 127.0.0.1 with its own host key, serving a bare repository to the current user and accepting only
 * one throwaway key pair made here with {@code ssh-keygen}. The stages run on the host shell: the clone is the same
 * for both executors and the host shell keeps this test fast.
 */
public class SshCloneTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static final String USER = System.getProperty("user.name");
    private static Process sshd;
    private static Path sshdLog;
    private static int port;
    private static String url;
    private static String firstCommit;
    private static String key;
    private static String otherKey;

    private Path workDir;
    private BuildRunner engine;

    @BeforeClass
    public static void startSshdServingARepository() throws Exception {
        for (String tool : new String[]{"/usr/sbin/sshd", "ssh-keygen", "ssh", "git"}) {
            if (DockerFixture.run("sh", "-c", "command -v " + tool).code() != 0) {
                fail(tool + " is not installed; run scripts/setup-docker.sh --test-tools as root "
                        + "(apt-get install openssh-server)");
            }
        }
        Path dir = tmp.newFolder("sshd").toPath();
        Path work = dir.resolve("work");
        Files.createDirectories(work);
        git(work, "init", "-q", "-b", "main");
        Files.writeString(work.resolve("version.txt"), "v1\n");
        git(work, "add", ".");
        git(work, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one");
        firstCommit = git(work, "rev-parse", "HEAD").strip();
        Files.writeString(work.resolve("version.txt"), "v2\n");
        git(work, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qam", "two");
        Path bare = dir.resolve("repo.git");
        DockerFixture.runOk("git", "clone", "-q", "--bare", work.toString(), bare.toString());

        DockerFixture.runOk("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-host", "-f",
                dir.resolve("host_key").toString());
        DockerFixture.runOk("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ci-key", "-f",
                dir.resolve("ci_key").toString());
        DockerFixture.runOk("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "other-key", "-f",
                dir.resolve("other_key").toString());
        key = Files.readString(dir.resolve("ci_key"));
        otherKey = Files.readString(dir.resolve("other_key"));
        Files.copy(dir.resolve("ci_key.pub"), dir.resolve("authorized_keys"));
        Files.setPosixFilePermissions(dir.resolve("authorized_keys"), PosixFilePermissions.fromString("rw-------"));

        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("sshd_config");
        // Only the one key, only this user, nothing else. StrictModes is off because the files live under /tmp,
        // which is world-writable and so fails sshd's ownership walk up to /; they are 0600/0700 themselves.
        Files.writeString(config, """
                ListenAddress 127.0.0.1:%d
                HostKey %s
                PidFile %s
                AuthorizedKeysFile %s
                AllowUsers %s
                AuthenticationMethods publickey
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PermitRootLogin prohibit-password
                StrictModes no
                UsePAM no
                UseDNS no
                PermitUserEnvironment no
                AllowTcpForwarding no
                X11Forwarding no
                LogLevel VERBOSE
                """.formatted(port, dir.resolve("host_key"), dir.resolve("sshd.pid"), dir.resolve("authorized_keys"),
                USER));
        if ("root".equals(USER)) {
            // sshd started by root drops privileges into this directory; Debian's service unit normally makes it
            Files.createDirectories(Path.of("/run/sshd"));
        }
        sshdLog = dir.resolve("sshd.log");
        sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(sshdLog.toFile()).start();
        waitUntilListening();
        url = "ssh://" + USER + "@127.0.0.1:" + port + bare;
    }

    private static void waitUntilListening() throws Exception {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            if (!sshd.isAlive()) {
                fail("sshd exited with " + sshd.exitValue() + ": " + Files.readString(sshdLog));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        fail("sshd did not listen on port " + port + ": " + Files.readString(sshdLog));
    }

    @AfterClass
    public static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.destroy();
            if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
                sshd.destroyForcibly();
            }
        }
    }

    @Before
    public void setUp() throws IOException {
        workDir = tmp.newFolder().toPath();
        engine = Engines.create(EngineConfig.of("ssh-test", workDir));
    }

    @After
    public void onlyTheWerkersKnownHostsAreLeft() throws IOException {
        try (Stream<Path> s = Files.list(workDir)) {
            assertEquals("left in the work directory", List.of(),
                    s.filter(p -> !p.getFileName().toString().equals(GitCheckout.KNOWN_HOSTS_FILE)).toList());
        }
    }

    private BuildRequest clone(String privateKey) {
        return new BuildRequest(21, "ssh-test", host(0, stage("show", "cat version.txt", "git rev-parse HEAD")),
                new CloneSpec(url, null, null, privateKey), firstCommit, "main", null, Map.of(), null);
    }

    @Test
    public void clonesTheExactCommitWithTheKeyAndDeletesTheKeyBeforeTheStagesRun() throws Exception {
        List<String> keyFilesDuringStages = new ArrayList<>();
        RecordingListener l = new RecordingListener();
        BuildListener lookingForTheKey = new BuildListener() {
            @Override
            public void stageStarted(int index, String name) {
                keyFilesDuringStages.addAll(filesHolding(key));
                l.stageStarted(index, name);
            }

            @Override
            public void log(int index, LogStream stream, byte[] data) {
                l.log(index, stream, data);
            }

            @Override
            public void stageFinished(StageResult result) {
                l.stageFinished(result);
            }
        };
        BuildOutcome o = engine.run(clone(key), lookingForTheKey, new Cancellation());

        assertEquals(l.everything(), BuildResult.PASSED, o.result());
        assertEquals("v1\n" + firstCommit + "\n", l.stdout(0));
        assertTrue(l.system(BuildListener.SETUP).contains("git fetch --depth 1 origin " + firstCommit));
        assertEquals("no file holds the key once the checkout is done", List.of(), keyFilesDuringStages);
        assertKeyNeverShown(key, o, l);
        // the server's host key is remembered in the werker's own file, not in the user's ~/.ssh
        Path learnt = workDir.resolve(GitCheckout.KNOWN_HOSTS_FILE);
        String hostKey = Files.readString(tmp.getRoot().toPath().resolve("sshd/host_key.pub")).split(" ")[1];
        assertTrue(Files.readString(learnt).contains(hostKey));
        assertEquals(0, DockerFixture.run("ssh-keygen", "-F", "[127.0.0.1]:" + port, "-f", learnt.toString()).code());
        Path users = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        assertTrue(!Files.exists(users)
                || DockerFixture.run("ssh-keygen", "-F", "[127.0.0.1]:" + port, "-f", users.toString()).code() != 0);
    }

    @Test
    public void aKeyTheServerDoesNotAcceptErrorsWithoutShowingIt() throws Exception {
        RecordingListener l = new RecordingListener();
        BuildOutcome o = engine.run(clone(otherKey), l, new Cancellation());

        assertEquals(BuildResult.ERRORED, o.result());
        assertTrue(o.message(), o.message().startsWith("clone failed: "));
        assertTrue(o.message(), o.message().contains("Permission denied (publickey)"));
        assertTrue(l.events.stream().noneMatch(e -> e.startsWith("started")));
        assertKeyNeverShown(otherKey, o, l);
    }

    /** Neither the whole key nor any line of it is in the build's message or log. */
    private static void assertKeyNeverShown(String privateKey, BuildOutcome o, RecordingListener l) {
        for (String line : privateKey.split("\n")) {
            if (line.startsWith("-----")) {
                continue; // the PEM armour is not secret
            }
            assertFalse(o.message().contains(line));
            assertFalse(l.everything().contains(line));
        }
    }

    /** Files in the engine's work directory (the build's workspace among them) holding the key's first line. */
    private List<String> filesHolding(String text) {
        String body = text.split("\n")[1];
        try (Stream<Path> all = Files.walk(workDir)) {
            return all.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.readString(p).contains(body);
                } catch (IOException | java.io.UncheckedIOException unreadable) {
                    return false;
                }
            }).map(Path::toString).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new AssertionError("cannot search " + workDir + ": " + e, e);
        }
    }

    private static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        return DockerFixture.runOk(cmd.toArray(String[]::new)).out();
    }
}
