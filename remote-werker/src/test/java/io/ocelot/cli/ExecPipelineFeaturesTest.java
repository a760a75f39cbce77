package io.ocelot.cli;

import io.ocelot.werker.engine.docker.DockerExecutor;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * What a user of stage graphs, stage images, services, caches, artifacts and image builds relies on, through
 * {@code ocelot exec} on the real Docker engine: each run is checked for the containers, networks and volumes it
 * leaves behind.
 */
public class ExecPipelineFeaturesTest {
    /** A local image with a marker file, so a stage in "another image" is told apart from the build's image. */
    private static final String MARKED_IMAGE = "ocelot-test/exec-marked:1";
    private static boolean createdMarkedImage;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final String werker = "exec-" + ProcessHandle.current().pid();

    @BeforeClass
    public static void markedImage() throws IOException {
        if (!docker("image", "inspect", "-f", "{{.Id}}", MARKED_IMAGE).startsWith("sha256:")) {
            Path context = Files.createTempDirectory("marked-image");
            Files.writeString(context.resolve("Dockerfile"),
                    "FROM ocelot/busybox:latest\nRUN echo marked-image > /marker\n");
            String built = docker("build", "-q", "-t", MARKED_IMAGE, context.toString());
            assertTrue(built, docker("image", "inspect", "-f", "{{.Id}}", MARKED_IMAGE).startsWith("sha256:"));
            createdMarkedImage = true;
        }
    }

    @AfterClass
    public static void removeMarkedImage() {
        if (createdMarkedImage) {
            docker("rmi", "-f", MARKED_IMAGE);
        }
    }

    @After
    public void nothingOfThisRunIsLeftOnDocker() {
        String mine = "label=" + DockerExecutor.LABEL_WERKER + "=" + werker;
        assertEquals("containers", "", docker("ps", "-aq", "--filter", mine));
        assertEquals("networks", "", docker("network", "ls", "-q", "--filter", mine));
        assertEquals("volumes", "", docker("volume", "ls", "-q", "--filter", mine));
    }

    @Test
    public void stagesThatNeedNothingRunAtOnceAndTheStageNeedingBothSeesTheirFiles() throws IOException {
        // /proc/uptime is the one kernel's clock, the same in every stage's container, to the hundredth of a second
        Path p = project("graph", """
                image: ocelot/busybox:latest
                stages:
                  - name: a
                    script:
                      - cut -d' ' -f1 /proc/uptime > a.start
                      - sleep 4
                      - echo from-a > a.txt
                      - cut -d' ' -f1 /proc/uptime > a.end
                  - name: b
                    script:
                      - cut -d' ' -f1 /proc/uptime > b.start
                      - sleep 4
                      - echo from-b > b.txt
                      - cut -d' ' -f1 /proc/uptime > b.end
                  - name: both
                    needs: [a, b]
                    script:
                      - echo "saw $(cat a.txt) $(cat b.txt)"
                      - echo "times $(cat a.start) $(cat a.end) $(cat b.start) $(cat b.end) $(cut -d' ' -f1 /proc/uptime)"
                """);
        long start = System.nanoTime();
        CliRun r = exec(p);
        double wall = (System.nanoTime() - start) / 1e9;

        assertEquals(r.out() + r.err(), 0, r.exit());
        assertTrue(r.out(), r.out().contains("saw from-a from-b"));
        Matcher times = Pattern.compile("times ([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9.]+)").matcher(r.out());
        assertTrue(r.out(), times.find());
        double aStart = Double.parseDouble(times.group(1));
        double aEnd = Double.parseDouble(times.group(2));
        double bStart = Double.parseDouble(times.group(3));
        double bEnd = Double.parseDouble(times.group(4));
        double bothRunning = Double.parseDouble(times.group(5));
        assertTrue("both started before either ended: " + times.group(), Math.max(aStart, bStart) < Math.min(aEnd, bEnd));
        double graph = bothRunning - Math.min(aStart, bStart);
        assertTrue("two 4 s stages at once, then the third running after " + graph + " s (exec took " + wall + " s)\n"
                + r.out(), graph < 7);
    }

    @Test
    public void anotherImageAServiceACacheAndAnArtifactInOneGraph() throws IOException, NoSuchAlgorithmException {
        Path p = project("features", """
                image: ocelot/busybox:latest
                services:
                  - name: web
                    image: ocelot/busybox:latest
                    command: [sh, -c, "mkdir -p /www && echo hello-from-web > /www/index.html && httpd -f -p 8080 -h /www"]
                caches:
                  - name: deps
                    paths: [deps]
                stages:
                  - name: marked
                    image: %s
                    script:
                      - echo "marker says $(cat /marker)"
                  - name: ask
                    script:
                      - for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O answer.txt http://web:8080/index.html && break; sleep 0.5; done
                      - echo "web answered $(cat answer.txt)"
                  - name: deps
                    script:
                      - if [ -f deps/stamp ]; then echo "deps found $(cat deps/stamp)"; else mkdir -p deps && echo first-run > deps/stamp; fi
                  - name: package
                    needs: [marked, ask, deps]
                    artifacts: ['out/*.bin']
                    script:
                      - mkdir -p out
                      - head -c 300000 /dev/urandom > out/blob.bin
                      - sha256sum out/blob.bin
                """.formatted(MARKED_IMAGE));
        Path artifacts = tmp.newFolder("artifacts").toPath();
        Path caches = tmp.newFolder("caches").toPath();

        CliRun first = exec(p, "--artifacts", artifacts.toString(), "--cache-dir", caches.toString());

        assertEquals(first.out() + first.err(), 0, first.exit());
        String o = first.out();
        assertTrue(o, o.contains("marker says marked-image"));
        assertTrue(o, o.contains("web answered hello-from-web"));
        assertFalse("nothing to restore on the first run: " + o, o.contains("deps found"));
        Matcher written = Pattern.compile("([0-9a-f]{64}) +out/blob.bin").matcher(o);
        assertTrue(o, written.find());
        Path kept = artifacts.resolve("package").resolve("out").resolve("blob.bin");
        assertTrue("artifact at DIR/<stage>/<path>: " + kept, Files.isRegularFile(kept));
        assertEquals(300_000, Files.size(kept));
        assertEquals("the artifact is what the stage wrote", written.group(1), sha256(kept));

        CliRun second = exec(p, "--artifacts", artifacts.toString(), "--cache-dir", caches.toString());

        assertEquals(second.out() + second.err(), 0, second.exit());
        assertTrue(second.out(), second.out().contains("cache 'deps' restored"));
        assertTrue(second.out(), second.out().contains("deps found first-run"));
    }

    @Test
    public void aBuildImageStageLeavesTheImageWithItsTag() throws IOException {
        String tag = "ocelot-test/exec-built:" + UUID.randomUUID().toString().substring(0, 8);
        Path p = project("image", """
                image: ocelot/busybox:latest
                stages:
                  - name: image
                    buildImage:
                      tags: [%s]
                """.formatted(tag));
        Files.writeString(p.resolve("Dockerfile"), "FROM ocelot/busybox:latest\nCOPY note.txt /note.txt\n");
        Files.writeString(p.resolve("note.txt"), "built from the workspace\n");
        try {
            CliRun r = exec(p);

            assertEquals(r.out() + r.err(), 0, r.exit());
            assertEquals("built from the workspace", docker("run", "--rm", tag, "cat", "/note.txt"));
        } finally {
            docker("rmi", "-f", tag);
        }
    }

    private Path project(String name, String ocelotYml) throws IOException {
        Path p = tmp.newFolder(name).toPath();
        Files.writeString(p.resolve("ocelot.yml"), ocelotYml);
        return p;
    }

    private CliRun exec(Path project, String... more) throws IOException {
        String[] args = new String[5 + more.length];
        args[0] = "exec";
        args[1] = "--no-color";
        args[2] = "--work-dir";
        args[3] = tmp.newFolder().toString();
        System.arraycopy(more, 0, args, 4, more.length);
        args[4 + more.length] = project.toString();
        return CliRun.run(args);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String docker(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return s;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
