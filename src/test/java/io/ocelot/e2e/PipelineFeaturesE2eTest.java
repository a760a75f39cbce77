package io.ocelot.e2e;

import io.ocelot.core.build.BuildResult;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * One repository using what real projects need, through the plugin and a real {@code ocelot werker start}: a stage
 * graph (two stages at once, a third needing both), a stage in an image of its own, a service reached by name, a
 * cache found by the next build, an artifact downloaded from the build page, and an image pipeline
 * ({@code .ocelot/image.yml}, {@code paths: [Dockerfile, deps/]}) that builds the repository's Dockerfile only when a
 * push touches those paths. Nothing labelled with the werker's name is left on Docker at the end.
 */
public class PipelineFeaturesE2eTest {
    /** A local image with a marker file: the stage that runs in it proves it is not in the build's image. */
    private static final String MARKED_IMAGE = "ocelot-test/e2e-marked:1";
    private static final Pattern LINK = Pattern.compile("<a class=\"ocelot-artifact-link\" href=\"([^\"]+)\" download>([^<]+)</a>");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static boolean createdMarkedImage;

    @Rule
    public final E2eRig rig = new E2eRig();

    @BeforeClass
    public static void markedImage() throws IOException {
        if (!docker("image", "inspect", "-f", "{{.Id}}", MARKED_IMAGE).startsWith("sha256:")) {
            Path context = Files.createTempDirectory("marked-image");
            Files.writeString(context.resolve("Dockerfile"), "FROM " + E2eRig.IMAGE + "\nRUN echo marked-image > /marker\n");
            String out = docker("build", "-q", "-t", MARKED_IMAGE, context.toString());
            assertTrue(out, docker("image", "inspect", "-f", "{{.Id}}", MARKED_IMAGE).startsWith("sha256:"));
            createdMarkedImage = true;
            Files.delete(context.resolve("Dockerfile"));
            Files.delete(context);
        }
    }

    @AfterClass
    public static void removeMarkedImage() {
        if (createdMarkedImage) {
            docker("rmi", "-f", MARKED_IMAGE);
        }
    }

    @Test
    public void aGraphWithImageServiceCacheArtifactAndAnImagePipelineBuiltOnlyWhenItsPathsChange() throws Exception {
        InMemoryUserPermissions users = new InMemoryUserPermissions().user("reader", "t-reader")
                .grant("reader", new RepositoryName("PROJ", "features"), RepoPermission.REPO_READ);
        PluginHarness h = rig.plugin(PluginHarness.options().config(E2eRig.config()).reposRoot(rig.dir("repos"))
                .pages(true).users(users));
        WerkerProcess.Spec spec = rig.werker(h, "features");
        WerkerProcess werker = rig.start(spec).awaitTakingWork();
        String imageTag = "ocelot-test/e2e-built:" + UUID.randomUUID().toString().substring(0, 8);
        try {
            RepositoryRef repo = h.enableRepository("PROJ", "features");
            GitRepo git = rig.git(h, repo);
            git.write("ocelot.yml", """
                    image: %s
                    services:
                      - name: web
                        image: %s
                        command: [sh, -c, "mkdir -p /www && echo hello-from-web > /www/index.html && httpd -f -p 8080 -h /www"]
                    caches:
                      - name: deps
                        paths: [deps-cache]
                    stages:
                      - name: left
                        script:
                          - echo left-file > left.txt
                      - name: right
                        image: %s
                        script:
                          - echo "right saw $(cat /marker)"
                          - echo right-file > right.txt
                      - name: join
                        needs: [left, right]
                        artifacts: ['out/*.bin']
                        script:
                          - echo "join saw $(cat left.txt) $(cat right.txt)"
                          - for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O answer.txt http://web:8080/index.html && break; sleep 0.5; done
                          - echo "web answered $(cat answer.txt)"
                          - if [ -f deps-cache/stamp ]; then echo "cache held $(cat deps-cache/stamp)"; else mkdir -p deps-cache && echo first > deps-cache/stamp; fi
                          - mkdir -p out
                          - head -c 200000 /dev/urandom > out/blob.bin
                          - sha256sum out/blob.bin
                    """.formatted(E2eRig.IMAGE, E2eRig.IMAGE, MARKED_IMAGE));
            git.write("README", "v1");
            git.write("Dockerfile", "FROM " + E2eRig.IMAGE + "\nCOPY deps/ /deps/\n");
            git.write("deps/version", "1");
            String first = git.commit("start");
            git.push("main");

            // a new branch: the graph builds (the image pipeline is not there yet)
            Build graph = only(finished(h, h.push(repo, "main", null, first)), "default");
            assertEquals(graph.message(), BuildResult.PASSED, graph.outcome());
            String log = E2eRig.output(h, graph.id(), 1, c -> true);
            assertTrue(log, log.contains("join saw left-file right-file"));
            assertTrue(log, log.contains("right saw marked-image"));
            assertTrue(log, log.contains("web answered hello-from-web"));
            assertFalse(log, log.contains("cache held"));
            Matcher written = Pattern.compile("([0-9a-f]{64}) +out/blob.bin").matcher(log);
            assertTrue(log, written.find());
            byte[] downloaded = downloadFromBuildPage(h, graph.id(), "out/blob.bin");
            assertEquals(200_000, downloaded.length);
            assertEquals("the downloaded artifact is what the stage wrote", written.group(1),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(downloaded)));

            // README and the new image pipeline only: no path of the pipeline's paths, so only the graph builds, with its cache
            git.write(".ocelot/image.yml", """
                    image: %s
                    paths: [Dockerfile, deps/]
                    stages:
                      - name: image
                        buildImage:
                          tags: [%s]
                          push: false
                    """.formatted(E2eRig.IMAGE, imageTag));
            git.write("README", "v2");
            String docs = git.commit("docs and the image pipeline");
            git.push("main");
            Build cached = only(finished(h, h.push(repo, "main", first, docs)), "default");
            assertEquals(cached.message(), BuildResult.PASSED, cached.outcome());
            String cachedLog = E2eRig.output(h, cached.id(), 1, c -> true);
            assertTrue(cachedLog, cachedLog.contains("cache 'deps' restored"));
            assertTrue(cachedLog, cachedLog.contains("cache held first"));
            assertFalse("no image built yet", isImage(imageTag));

            // deps/ changed: the image pipeline builds the Dockerfile, and the image is there with its tag
            git.write("deps/version", "2");
            String bump = git.commit("bump deps");
            git.push("main");
            Map<String, Build> both = finished(h, h.push(repo, "main", docs, bump));
            assertEquals(Set.of("default", "image"), both.keySet());
            Build image = both.get("image");
            assertEquals(image.message() + E2eRig.output(h, image.id(), 1, c -> true), BuildResult.PASSED, image.outcome());
            assertEquals("the image holds this commit's deps/", "2", docker("run", "--rm", imageTag, "cat", "/deps/version"));

            // a werker keeps the next build's container ready between builds; a werker that stops removes it too
            assertEquals(werker.output(), 0, werker.terminate(Duration.ofSeconds(60)));
            String mine = "label=ocelot.werker=" + spec.name();
            E2eRig.await("nothing of werker " + spec.name() + " left on Docker", Duration.ofSeconds(15),
                    () -> docker("ps", "-aq", "--filter", mine).isEmpty()
                            && docker("network", "ls", "-q", "--filter", mine).isEmpty()
                            && docker("volume", "ls", "-q", "--filter", mine).isEmpty());
        } finally {
            docker("rmi", "-f", imageTag);
        }
    }

    private static Build only(Map<String, Build> builds, String pipeline) {
        assertEquals(builds.toString(), Set.of(pipeline), builds.keySet());
        return builds.get(pipeline);
    }

    private static Map<String, Build> finished(PluginHarness h, List<Build> queued) throws InterruptedException {
        E2eRig.await("builds " + queued.stream().map(Build::id).toList() + " finished", Duration.ofSeconds(90),
                () -> queued.stream().allMatch(b -> h.builds().find(b.id()).orElseThrow().isFinished()));
        return queued.stream().map(b -> h.builds().find(b.id()).orElseThrow())
                .collect(Collectors.toMap(Build::pipeline, b -> b));
    }

    /** What a reader gets from the artifact's link on the build page: the page is read, then its link followed. */
    private static byte[] downloadFromBuildPage(PluginHarness h, long buildId, String path) throws Exception {
        HttpResponse<byte[]> page = get(h, "/plugins/servlet/ocelot/projects/PROJ/repos/features/builds/" + buildId);
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertEquals(html, 200, page.statusCode());
        Matcher m = LINK.matcher(html);
        List<String> shown = new ArrayList<>();
        while (m.find()) {
            shown.add(m.group(2));
            if (m.group(2).equals(path)) {
                HttpResponse<byte[]> download = get(h, m.group(1));
                assertEquals(200, download.statusCode());
                return download.body();
            }
        }
        throw new AssertionError("no link to " + path + " on the build page, only to " + shown + ":\n" + html);
    }

    private static HttpResponse<byte[]> get(PluginHarness h, String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(h.pagesUrl() + url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer t-reader").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static boolean isImage(String ref) {
        return docker("image", "inspect", "-f", "{{.Id}}", ref).startsWith("sha256:");
    }

    private static String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
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
