package io.ocelot.plugin.rest.user;

import io.ocelot.core.Json;
import io.ocelot.core.api.ArtifactList;
import io.ocelot.core.api.ArtifactView;
import io.ocelot.core.api.ErrorReply;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.ScriptedWerker;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * {@code GET /builds/{id}/artifacts} and {@code GET /builds/{id}/artifacts/{path}} over real HTTP on the harness
 * (real store, real Bitbucket permission adapter): listed and downloaded with REPO_READ; anonymous, a user who cannot
 * see the repository and a build that does not exist answer exactly as {@code GET /builds/{id}} does.
 */
public class BuildArtifactsHttpTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final RepositoryName app = new RepositoryName("PROJ", "app");
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("reader", "t-reader").user("mallory", "t-mallory")
            .grant("reader", app, RepoPermission.REPO_READ);
    private PluginHarness h;
    private long build;
    private final byte[] jar = "PK\u0003\u0004 a jar, more or less".getBytes(StandardCharsets.ISO_8859_1);

    @Before
    public void start() throws Exception {
        h = PluginHarness.start(PluginHarness.options().users(users).handPlanned(files, "build", "package")
                .config(new OcelotConfig().with(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(20))));
        RepositoryRef repo = h.enableRepository("PROJ", "app");
        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(1));
        ScriptedWerker werker = new ScriptedWerker(h, "w1");
        Job job = werker.take();
        build = job.buildId();
        werker.artifact(job, 1, "target/my app.jar", jar);
        werker.artifact(job, 0, "reports/summary.txt", "all good\n".getBytes(StandardCharsets.UTF_8));
    }

    @After
    public void stop() {
        h.close();
    }

    private HttpResponse<byte[]> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.userApiUrl() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    public void aReaderListsAndDownloadsTheArtifacts() throws Exception {
        HttpResponse<byte[]> list = get("/builds/" + build + "/artifacts", "t-reader");
        assertEquals(text(list), 200, list.statusCode());
        ArtifactList artifacts = Json.read(text(list), ArtifactList.class);
        assertEquals(build, artifacts.buildId());
        assertEquals(List.of("reports/summary.txt", "target/my app.jar"),
                artifacts.artifacts().stream().map(ArtifactView::path).toList());
        ArtifactView a = artifacts.artifacts().get(1);
        assertEquals(1, a.stage());
        assertEquals("package", a.stageName());
        assertEquals(jar.length, a.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)), a.sha256());
        assertEquals(jar.length + 9, artifacts.totalBytes());

        HttpResponse<byte[]> file = get("/builds/" + build + "/artifacts/target/my%20app.jar", "t-reader");
        assertEquals(text(file), 200, file.statusCode());
        assertArrayEquals(jar, file.body());
        assertEquals(Long.toString(jar.length), file.headers().firstValue("Content-Length").orElse(""));
        assertEquals("application/octet-stream", file.headers().firstValue("Content-Type").orElse(""));
        assertEquals("attachment; filename=\"my app.jar\"; filename*=UTF-8''my%20app.jar",
                file.headers().firstValue("Content-Disposition").orElse(""));

        HttpResponse<byte[]> none = get("/builds/" + build + "/artifacts/target/other.jar", "t-reader");
        assertEquals(404, none.statusCode());
        assertTrue(text(none), Json.read(text(none), ErrorReply.class).error().contains("no artifact 'target/other.jar'"));
    }

    @Test
    public void whoCannotSeeTheBuildGetsWhatGetBuildGives() throws Exception {
        for (String token : new String[]{null, "t-mallory"}) {
            HttpResponse<byte[]> build = get("/builds/" + this.build, token);
            for (String path : List.of("/artifacts", "/artifacts/target/my%20app.jar", "/artifacts/reports/summary.txt")) {
                HttpResponse<byte[]> r = get("/builds/" + this.build + path, token);
                assertEquals(path + " as " + token, build.statusCode(), r.statusCode());
                assertEquals(path + " as " + token, text(build), text(r));
            }
        }
        assertEquals(401, get("/builds/" + build + "/artifacts", null).statusCode());
        assertEquals(404, get("/builds/" + build + "/artifacts", "t-mallory").statusCode());
        HttpResponse<byte[]> missingBuild = get("/builds/9999/artifacts", "t-reader");
        assertEquals(text(get("/builds/9999", "t-reader")), text(missingBuild));
        assertEquals(404, missingBuild.statusCode());
    }
}
