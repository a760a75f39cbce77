package io.ocelot.plugin.web;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.store.ArtifactSettings;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.MutableClock;
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
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The build page's "Artifacts" section over HTTP (the real page servlet and Soy template on the harness): each file
 * with its size and a link that downloads exactly the uploaded bytes; no section for a build without artifacts; a
 * build whose artifacts expired says so and links nothing.
 */
public class BuildArtifactsPageTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern LINK = Pattern.compile("<a class=\"ocelot-artifact-link\" href=\"([^\"]+)\" download>([^<]+)</a>");
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final MutableClock clock = new MutableClock();
    private final RepositoryName app = new RepositoryName("PROJ", "app");
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("reader", "t-reader").user("mallory", "t-mallory")
            .grant("reader", app, RepoPermission.REPO_READ);
    private PluginHarness h;
    private RepositoryRef repo;
    private ScriptedWerker werker;

    @Before
    public void start() throws Exception {
        h = PluginHarness.start(PluginHarness.options().users(users).pages(true).clock(clock)
                .handPlanned(files, "build", "package")
                .config(new OcelotConfig().with(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(20))));
        repo = h.enableRepository("PROJ", "app");
        werker = new ScriptedWerker(h, "w1");
    }

    @After
    public void stop() {
        h.close();
    }

    private Job build(int n) throws Exception {
        files.put(repo, sha(n), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(n));
        return werker.take();
    }

    private HttpResponse<byte[]> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : h.pagesUrl() + url))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String page(long id, String token) throws Exception {
        HttpResponse<byte[]> r = get("/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/" + id, token);
        String html = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(html, 200, r.statusCode());
        return html;
    }

    @Test
    public void thePageListsEachArtifactAndItsLinkDownloadsTheSameBytes() throws Exception {
        Job job = build(1);
        byte[] jar = new byte[150_000];
        new Random(7).nextBytes(jar);
        werker.artifact(job, 1, "target/app <1>.jar", jar);
        werker.artifact(job, 0, "notes.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
        werker.finish(job, BuildResult.PASSED, null);

        String html = page(job.buildId(), "t-reader");
        assertTrue(html, html.contains("<h3 id=\"ocelot-artifacts\">Artifacts</h3>"));
        assertTrue("sizes for people", html.contains("146 KiB") && html.contains("6 B"));
        assertTrue("the stage that made it", html.contains("<td>package</td>"));
        Matcher m = LINK.matcher(html);
        assertTrue(html, m.find());
        assertEquals("notes.txt", m.group(2));
        assertTrue(m.find());
        assertEquals("the path escaped", "target/app &lt;1&gt;.jar", m.group(2));
        String href = m.group(1);
        assertEquals("/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/" + job.buildId()
                + "/artifacts/target/app%20%3C1%3E.jar", href);

        HttpResponse<byte[]> download = get(href, "t-reader");
        assertEquals(200, download.statusCode());
        assertArrayEquals(jar, download.body());
        assertEquals(Long.toString(jar.length), download.headers().firstValue("Content-Length").orElse(""));
        assertTrue(download.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; filename=\"app _1_.jar\""));

        assertEquals("a stranger learns nothing", 404, get(href, "t-mallory").statusCode());
        assertEquals("anonymous is sent to log in", 302, get(href, null).statusCode());
        assertEquals(400, get("/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/" + job.buildId()
                + "/artifacts/a//b", "t-reader").statusCode());
        assertEquals(404, get("/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/" + job.buildId()
                + "/artifacts/none.bin", "t-reader").statusCode());
    }

    @Test
    public void aBuildWithoutArtifactsHasNoSection() throws Exception {
        Job job = build(1);
        werker.finish(job, BuildResult.PASSED, null);
        assertFalse(page(job.buildId(), "t-reader").contains("Artifacts"));
    }

    @Test
    public void aBuildWhoseArtifactsExpiredSaysSoAndLinksNothing() throws Exception {
        Job job = build(1);
        werker.artifact(job, 1, "app.jar", "bytes".getBytes(StandardCharsets.UTF_8));
        werker.finish(job, BuildResult.PASSED, null);
        clock.advance(Duration.ofDays(ArtifactSettings.DEFAULT_RETENTION_DAYS + 1));
        h.reap();

        String html = page(job.buildId(), "t-reader");
        assertTrue(html, html.contains("The artifacts of this build expired"));
        assertTrue(html, html.contains("kept " + ArtifactSettings.DEFAULT_RETENTION_DAYS + " days"));
        assertTrue(html, html.contains("app.jar</span> (expired)"));
        assertFalse(html, LINK.matcher(html).find());
        HttpResponse<byte[]> gone = get("/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/" + job.buildId()
                + "/artifacts/app.jar", "t-reader");
        assertEquals(404, gone.statusCode());
    }
}
