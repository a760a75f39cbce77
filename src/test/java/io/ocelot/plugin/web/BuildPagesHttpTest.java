package io.ocelot.plugin.web;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.MutableClock;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.ScriptedWerker;
import io.ocelot.plugin.trigger.PlanOutcome;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Issue 15, the pages, over HTTP: the real page servlet served by {@link PluginHarness} in front of the strict
 * {@link io.ocelot.plugin.testkit.FakeBitbucket}, a build run by a {@link ScriptedWerker} over the real werker
 * endpoints. Rebuild and Cancel need REPO_WRITE and this session's form token (refused server-side without either,
 * and the buttons are not offered); the log downloads as text; the log shows by stage; a requeued build lists its
 * attempts; the build list pages and keeps its filters; the project and all-repository lists show only readable
 * repositories; the badge is readable anonymously only on a public repository.
 */
public class BuildPagesHttpTest {
    private static final Pattern TOKEN = Pattern.compile("name=\"atl_token\" value=\"([^\"]+)\"");
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final MutableClock clock = new MutableClock();
    private final io.ocelot.plugin.ui.RepositoryName app = new io.ocelot.plugin.ui.RepositoryName("PROJ", "app");
    private final io.ocelot.plugin.ui.RepositoryName other = new io.ocelot.plugin.ui.RepositoryName("PROJ", "other");
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("reader", "t-reader").user("writer", "t-writer").user("mallory", "t-mallory").user("root", "t-root")
            .grant("reader", app, RepoPermission.REPO_READ)
            .grant("writer", app, RepoPermission.REPO_WRITE)
            .admin("root");
    private PluginHarness h;
    private RepositoryRef repo;
    private RepositoryRef otherRepo;
    private ScriptedWerker werker;
    private String pages;

    @Before
    public void start() throws Exception {
        h = PluginHarness.start(PluginHarness.options().users(users).pages(true).files(files).clock(clock)
                .changesets((r, since, until) -> new Changeset(List.of("msg"), List.of("a.txt")))
                .planner((pipeline, name, content, event) -> new PlanOutcome.Planned(Fixture.plan("ocelot/busybox", null,
                        "build", "test")))
                .config(new OcelotConfig().with(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(20))));
        repo = h.enableRepository("PROJ", "app");
        otherRepo = h.enableRepository("PROJ", "other");
        werker = new ScriptedWerker(h, "w1");
        pages = h.pagesUrl() + "/plugins/servlet/ocelot/projects/PROJ/repos/app";
    }

    @After
    public void stop() {
        if (h != null) {
            h.close();
        }
    }

    private Build push(RepositoryRef r, String branch, int n) {
        files.put(r, sha(n), "ocelot.yml", "image: ocelot/busybox\n");
        List<Build> made = h.push(r, branch, null, sha(n));
        assertEquals(1, made.size());
        return made.get(0);
    }

    /** A build that ran stage "build" (passed) and is running stage "test". */
    private Job running() throws Exception {
        push(repo, "main", 1);
        Job job = werker.take();
        werker.log(job, 0, LogStream.SYSTEM, "pulling ocelot/busybox\n");
        werker.log(job, 0, LogStream.STDOUT, "compiling\ncompiled 12 files\n");
        werker.stage(job, 0, "build", StageStatus.PASSED, 0, 65_000);
        werker.stage(job, 1, "test", StageStatus.RUNNING, null, 0);
        werker.log(job, 1, LogStream.STDERR, "test one ... FAILED <oops>\n");
        return job;
    }

    /** A build of .ocelot/image.yml names its pipeline in the list and on its page; ocelot.yml's stays unnamed. */
    @Test
    public void aNamedPipelinesBuildShowsItsNameAndTheDefaultOneAsBefore() throws Exception {
        files.put(repo, sha(7), "ocelot.yml", "image: ocelot/busybox\n");
        files.put(repo, sha(7), ".ocelot/image.yml", "image: ocelot/busybox\n");
        java.util.Map<String, Build> made = h.push(repo, "main", null, sha(7)).stream()
                .collect(java.util.stream.Collectors.toMap(Build::pipeline, b -> b));
        assertEquals(java.util.Set.of("default", "image"), made.keySet());
        Browser reader = new Browser("t-reader");
        String list = reader.get(pages + "/builds").body();
        assertTrue(list, list.contains("#" + made.get("image").id() + "</a> <span class=\"ocelot-pipeline\">image</span>"));
        assertTrue(list, list.contains("#" + made.get("default").id() + "</a></td>"));
        String imagePage = reader.get(pages + "/builds/" + made.get("image").id()).body();
        assertTrue(imagePage, imagePage.contains("<dt>Pipeline</dt><dd class=\"ocelot-pipeline-name\">image</dd>"));
        String defaultPage = reader.get(pages + "/builds/" + made.get("default").id()).body();
        assertFalse(defaultPage, defaultPage.contains("<dt>Pipeline</dt>"));
    }

    @Test
    public void aWriterCancelsAndRebuildsWithTheFormTokenAndAReaderCannot() throws Exception {
        Job job = running();
        String page = pages + "/builds/" + job.buildId();
        Browser reader = new Browser("t-reader");
        HttpResponse<String> seen = reader.get(page);
        assertEquals(seen.body(), 200, seen.statusCode());
        assertFalse("no Rebuild button without REPO_WRITE", seen.body().contains("ocelot-rebuild"));
        assertFalse("no Cancel button without REPO_WRITE", seen.body().contains("ocelot-cancel"));
        assertFalse("no form token without a form", seen.body().contains("atl_token"));
        assertEquals("a reader's cancel is refused", 403, reader.post(page + "/cancel", "").statusCode());
        assertEquals("a reader's rebuild is refused", 403, reader.post(page + "/rebuild", "").statusCode());
        assertEquals("a stranger learns nothing", 404, new Browser("t-mallory").post(page + "/rebuild", "").statusCode());
        assertEquals(1, h.builds().search(List.of(repo.id()), null, null, null, null, 10).size());
        assertFalse(h.builds().find(job.buildId()).orElseThrow().cancelRequested());

        Browser writer = new Browser("t-writer");
        String html = writer.get(page).body();
        assertTrue(html, html.contains("id=\"ocelot-rebuild\"") && html.contains("id=\"ocelot-cancel\""));
        String token = token(html);
        assertEquals("without the token (a cross-site form)", 403, writer.post(page + "/cancel", "").statusCode());
        assertEquals("with a forged token", 403, writer.post(page + "/cancel", "atl_token=forged").statusCode());
        assertEquals("another session's token", 403,
                new Browser("t-writer").post(page + "/cancel", "atl_token=" + token).statusCode());
        assertFalse(h.builds().find(job.buildId()).orElseThrow().cancelRequested());
        assertEquals("GET does not act", 405, writer.get(page + "/cancel").statusCode());

        HttpResponse<String> cancelled = writer.post(page + "/cancel", "atl_token=" + token);
        assertEquals(cancelled.body(), 302, cancelled.statusCode());
        assertTrue(h.builds().find(job.buildId()).orElseThrow().cancelRequested());
        assertTrue("the werker is told on its next heartbeat", werker.heartbeat(job).cancel());
        String after = writer.get(cancelled.headers().firstValue("Location").orElseThrow()).body();
        assertTrue(after, after.contains("Cancel requested"));

        HttpResponse<String> rebuilt = writer.post(page + "/rebuild", "atl_token=" + token);
        assertEquals(rebuilt.body(), 302, rebuilt.statusCode());
        List<Build> all = h.builds().search(List.of(repo.id()), null, null, null, null, 10);
        assertEquals("a new build", 2, all.size());
        Build fresh = all.get(0);
        assertEquals(sha(1), fresh.commit());
        String location = rebuilt.headers().firstValue("Location").orElseThrow();
        assertTrue(location, location.endsWith("/builds/" + fresh.id() + "?done=rebuild&from=" + job.buildId()));
        String newPage = writer.get(location).body();
        assertTrue(newPage.contains("Rebuilt from #" + job.buildId()));
        assertTrue("triggered by the writer", newPage.contains("by writer"));
    }

    @Test
    public void theLogDownloadsAsTextAndShowsByStage() throws Exception {
        Job job = running();
        werker.stage(job, 1, "test", StageStatus.FAILED, 1, 2_000);
        werker.finish(job, BuildResult.FAILED, "stage test failed");
        String page = pages + "/builds/" + job.buildId();
        Browser reader = new Browser("t-reader");
        HttpResponse<String> log = reader.get(page + "/log");
        assertEquals(log.body(), 200, log.statusCode());
        assertEquals("text/plain;charset=utf-8", log.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", ""));
        assertEquals("attachment; filename=\"PROJ-app-build-" + job.buildId() + ".log\"",
                log.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals("pulling ocelot/busybox\ncompiling\ncompiled 12 files\ntest one ... FAILED <oops>\n", log.body());
        assertEquals(404, new Browser("t-mallory").get(page + "/log").statusCode());
        assertEquals("anonymous is sent to log in", 302, new Browser(null).get(page + "/log").statusCode());

        String html = reader.get(page).body();
        assertTrue(html, html.contains("<span class=\"ocelot-section-title\">1. build</span>"));
        assertTrue(html, html.contains("compiled 12 files"));
        int test = html.indexOf("<span class=\"ocelot-section-title\">2. test</span>");
        assertTrue(html, test > 0);
        assertTrue("the failed stage is open", html.lastIndexOf("<details class=\"ocelot-section\" open>", test) > html.indexOf("1. build"));
        assertTrue("log text escaped", html.contains("FAILED &lt;oops&gt;"));
        assertTrue(html.contains("href=\"/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/" + job.buildId() + "/log\""));
    }

    @Test
    public void aRequeuedBuildListsItsAttemptsWithTheirLogs() throws Exception {
        Job first = running();
        clock.advance(Duration.ofMinutes(5)); // the werker vanished: its lease runs out
        h.reap();
        Job second = werker.take();
        assertEquals(first.buildId(), second.buildId());
        assertEquals(2, second.lease().attempt());
        werker.log(second, 0, LogStream.STDOUT, "second time lucky\n");
        String page = pages + "/builds/" + first.buildId();
        Browser reader = new Browser("t-reader");
        String html = reader.get(page).body();
        assertTrue(html, html.contains("<h3>Attempts</h3>"));
        assertTrue(html, html.contains("href=\"/plugins/servlet/ocelot/projects/PROJ/repos/app/builds/" + first.buildId() + "?attempt=1\""));
        assertTrue(html.contains("second time lucky"));
        assertFalse(html.contains("compiled 12 files"));
        String earlier = reader.get(page + "?attempt=1").body();
        assertTrue(earlier, earlier.contains("compiled 12 files") && earlier.contains("(attempt 1)"));
        assertEquals("pulling ocelot/busybox\ncompiling\ncompiled 12 files\ntest one ... FAILED <oops>\n",
                reader.get(page + "/log?attempt=1").body());
        assertEquals("second time lucky\n", reader.get(page + "/log").body());
        assertEquals(404, reader.get(page + "?attempt=3").statusCode());
    }

    @Test
    public void theListPagesNewestFirstAndKeepsItsFilters() throws Exception {
        for (int i = 1; i <= 27; i++) {
            push(repo, "main", i);
            clock.advance(Duration.ofSeconds(1));
        }
        push(repo, "dev", 100);
        Browser reader = new Browser("t-reader");
        String first = reader.get(pages + "/builds?branch=main").body();
        List<String> ids = ids(first);
        assertEquals(first, 25, ids.size());
        List<Build> main = h.builds().search(List.of(repo.id()), "main", null, null, null, 30);
        assertEquals("newest first", String.valueOf(main.get(0).id()), ids.get(0));
        assertFalse("the filter holds", first.contains(">dev<"));
        assertFalse("no newer page", first.contains("ocelot-prev"));
        Matcher next = Pattern.compile("class=\"aui-button ocelot-next\" rel=\"next\" href=\"([^\"]+)\"").matcher(first);
        assertTrue(first, next.find());
        assertEquals("/plugins/servlet/ocelot/projects/PROJ/repos/app/builds?branch=main&amp;page=2", next.group(1));
        String second = reader.get(h.pagesUrl() + next.group(1).replace("&amp;", "&")).body();
        assertEquals(List.of(String.valueOf(main.get(25).id()), String.valueOf(main.get(26).id())), ids(second));
        assertTrue(second.contains("ocelot-prev") && !second.contains("ocelot-next"));
        assertEquals(400, reader.get(pages + "/builds?page=0").statusCode());
    }

    @Test
    public void theProjectAndAllListsShowOnlyReadableRepositories() throws Exception {
        push(repo, "main", 1);
        Build hidden = push(otherRepo, "main", 2);
        String project = h.pagesUrl() + "/plugins/servlet/ocelot/projects/PROJ/builds";
        String reader = new Browser("t-reader").get(project).body();
        assertTrue(reader, reader.contains("PROJ/app"));
        assertFalse("a repository the reader cannot see never appears", reader.contains("PROJ/other"));
        assertFalse(reader.contains(">#" + hidden.id() + "<"));
        assertEquals(404, new Browser("t-mallory").get(project).statusCode());
        String all = h.pagesUrl() + "/plugins/servlet/ocelot/builds";
        assertEquals("the all-repositories list is for global admins", 403, new Browser("t-reader").get(all).statusCode());
        String root = new Browser("t-root").get(all).body();
        assertTrue(root, root.contains("PROJ/app") && root.contains("PROJ/other"));
    }

    @Test
    public void theBadgeIsAnonymousOnlyOnAPublicRepository() throws Exception {
        Job job = running();
        werker.stage(job, 1, "test", StageStatus.PASSED, 0, 1_000);
        werker.finish(job, BuildResult.PASSED, null);
        String badge = pages + "/badge.svg?branch=main";
        HttpResponse<String> anonymous = new Browser(null).get(badge);
        assertEquals("a private repository's badge is hidden from anonymous", 404, anonymous.statusCode());
        HttpResponse<String> missing = new Browser(null).get(badge.replace("/app/", "/nothing/"));
        assertEquals(anonymous.body().replace("app", "nothing"), missing.body());
        HttpResponse<String> reader = new Browser("t-reader").get(badge);
        assertEquals(200, reader.statusCode());
        assertTrue(reader.body(), reader.body().contains(">passing</text>"));
        assertEquals("image/svg+xml;charset=utf-8", reader.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", ""));
        assertEquals("private, no-cache", reader.headers().firstValue("Cache-Control").orElse(""));

        h.bitbucket().makePublic(repo);
        HttpResponse<String> pub = new Browser(null).get(badge);
        assertEquals(pub.body(), 200, pub.statusCode());
        assertTrue(pub.body().contains(">passing</text>"));
        assertEquals("public, max-age=60", pub.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(new Browser(null).get(pages + "/badge.svg?branch=nope").body().contains(">unknown</text>"));
        HttpResponse<String> again = new Browser(null).get(badge, "If-None-Match", pub.headers().firstValue("ETag").orElseThrow());
        assertEquals(304, again.statusCode());
        push(repo, "main", 2);
        assertTrue(new Browser(null).get(badge).body().contains(">running</text>"));
        assertEquals("the public badge opens no build page", 302, new Browser(null).get(pages + "/builds").statusCode());
    }

    @Test
    public void theSettingsPageOffersTheBadgeMarkdown() throws Exception {
        users.grant("writer", app, RepoPermission.REPO_ADMIN);
        String html = new Browser("t-writer").get(pages + "/settings").body();
        String base = h.pagesUrl() + "/plugins/servlet/ocelot/projects/PROJ/repos/app";
        assertTrue(html, html.contains("[![Ocelot build](" + base + "/badge.svg?branch=main)](" + base + "/builds?branch=main)"));
    }

    private static List<String> ids(String html) {
        Matcher m = Pattern.compile("<td><a href=\"[^\"]+\">#(\\d+)</a></td>").matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String token(String html) {
        Matcher m = TOKEN.matcher(html);
        assertTrue(html, m.find());
        return m.group(1);
    }

    /** A browser session: its own cookies (the form token lives in the session), a user's token, no redirects. */
    private static final class Browser {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        private final String token;

        Browser(String token) {
            this.token = token;
        }

        HttpResponse<String> get(String url, String... headers) throws Exception {
            String full = url.startsWith("/") ? url : url;
            HttpRequest.Builder b = request(full.startsWith("http") ? full : null, full);
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String url, String form) throws Exception {
            return client.send(request(url, url).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private HttpRequest.Builder request(String absolute, String url) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(absolute != null ? absolute : url))
                    .timeout(Duration.ofSeconds(30));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return b;
        }
    }
}
