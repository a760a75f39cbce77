package io.ocelot.plugin.web;

import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.NotificationView;
import io.ocelot.plugin.testkit.InMemoryOcelot;
import io.ocelot.plugin.testkit.PageServer;
import io.ocelot.plugin.testkit.UiFixture;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** The pages over real HTTP (Jetty + the real servlet + Google Soy rendering the real templates). */
public class OcelotPagesTest {
    private static final String PAGES = "/plugins/servlet/ocelot/projects/PROJ/repos/app";
    private PageServer server;
    private HttpClient browser;

    @Before
    public void start() throws Exception {
        server = new PageServer(new InMemoryOcelot(), UiFixture.users(), null);
        UiFixture.seed(server.ocelot);
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return browser.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String path, Map<String, List<String>> form) throws Exception {
        String body = form.entrySet().stream().flatMap(e -> e.getValue().stream().map(v ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(URI.create(server.baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void signInAs(String token) throws Exception {
        assertEquals(200, get("/login?as=" + token, null).statusCode());
    }

    @Test
    public void buildPageShowsHeaderStagesNotificationsAndTheLogHookEscapingHostileText() throws Exception {
        long id = server.ocelot.addBuild(UiFixture.APP, "<script>alert(1)</script>", UiFixture.HEAD,
                "\"><img src=x onerror=alert(2)>", "PUSH", "mallory<b>", "web");
        server.ocelot.start(id, "werker-<i>1</i>", List.of("<b>compile</b>"));
        server.ocelot.stage(id, 0, io.ocelot.core.build.StageStatus.FAILED, 2, 65_000L, "exit code 2");
        server.ocelot.clock += 90_000;
        server.ocelot.finish(id, ApiBuildState.FAILED, "stage <b>compile</b> failed");
        server.ocelot.record(id, new NotificationView("slack:#ci", false, 4, "not delivered: HTTP 500", 0));

        HttpResponse<String> r = get(PAGES + "/builds/" + id, "t-reader");
        assertEquals(r.body(), 200, r.statusCode());
        String html = r.body();
        assertFalse("raw script tag from a branch name", html.contains("<script>alert(1)"));
        assertFalse("raw img tag from a commit message", html.contains("<img src=x"));
        assertFalse(html.contains("<b>compile</b>") || html.contains("<i>1</i>") || html.contains("mallory<b>"));
        assertTrue(html, html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
        assertTrue(html.contains("<meta name=\"decorator\" content=\"bitbucket.repository.general\">"));
        assertTrue(html.contains("aui-lozenge-error\">FAILED</span>"));
        assertTrue(html, html.contains("<td>2</td>") && html.contains("1m 05s") && html.contains("exit code 2"));
        assertTrue(html.contains("not delivered: HTTP 500 (4 attempts)"));
        assertTrue(html.contains("data-log-url=\"/bitbucket/rest/ocelot/1.0/builds/" + id + "/log\""));
        assertTrue(html.contains("data-running=\"false\""));
        assertEquals(List.of(OcelotPageServlet.BUILD_PAGE_CONTEXT), server.renderer.requiredContexts);

        // the log itself comes from the REST API the page's script polls, on the same session
        signInAs("t-reader");
        HttpResponse<String> log = get("/rest/ocelot/1.0/builds/" + UiFixture.PASSED + "/log?offset=0", null);
        assertEquals(200, log.statusCode());
        assertTrue(log.body().contains("\"stream\":\"STDERR\""));
    }

    /** Bitbucket's Soy escapes HTML only: a script URL must be stopped before the template (PageUrls). */
    @Test
    public void aScriptUrlFromABranchNameOrCommitMessageNeverReachesAnHref() throws Exception {
        long id = server.ocelot.addBuild(UiFixture.APP, "javascript:alert(1)", UiFixture.HEAD,
                "javascript:alert(2)", "PUSH", "javascript:alert(3)", "web");
        server.ocelot.start(id, "javascript:alert(4)", List.of("javascript:alert(5)"));
        server.ocelot.finish(id, ApiBuildState.FAILED, "javascript:alert(6)");
        for (String page : List.of(PAGES + "/builds/" + id, PAGES + "/builds", PAGES + "/builds?branch=javascript:alert(1)")) {
            String html = get(page, "t-reader").body();
            assertTrue(page, html.contains("javascript:alert(1)")); // shown as text
            Matcher link = Pattern.compile("(href|src|action|data-[a-z-]*url)=\"([^\"]*)\"").matcher(html);
            int links = 0;
            while (link.find()) {
                links++;
                assertTrue(page + ": " + link.group(), PageUrls.isSafe(link.group(2)) && link.group(2).startsWith("/bitbucket/"));
            }
            assertTrue(page + " has links", links > 0);
        }
    }

    @Test
    public void buildPagesNeedReadPermissionAndATrackedRepository() throws Exception {
        HttpResponse<String> anonymous = get(PAGES + "/builds/1?x=1", null);
        assertEquals(302, anonymous.statusCode());
        assertEquals(server.baseUrl + "/login?next=" + URLEncoder.encode("/bitbucket" + PAGES + "/builds/1?x=1", StandardCharsets.UTF_8),
                anonymous.headers().firstValue("Location").orElseThrow());
        assertEquals(404, get(PAGES + "/builds/1", "t-stranger").statusCode());
        HttpResponse<String> quiet = get("/plugins/servlet/ocelot/projects/PROJ/repos/quiet/builds/3", "t-admin");
        assertEquals(404, quiet.statusCode());
        assertTrue(quiet.body().contains("PROJ/quiet is not tracked by Ocelot"));
        assertEquals(404, get(PAGES + "/builds/3", "t-admin").statusCode()); // a build of another repository
        assertEquals(404, get(PAGES + "/nothing", "t-admin").statusCode());
    }

    @Test
    public void buildListFilters() throws Exception {
        HttpResponse<String> all = get(PAGES + "/builds", "t-reader");
        assertEquals(200, all.statusCode());
        assertTrue(all.body().contains(">#1</a>") && all.body().contains(">#2</a>"));
        HttpResponse<String> passed = get(PAGES + "/builds?result=passed&branch=main", "t-reader");
        assertTrue(passed.body().contains(">#1</a>"));
        assertFalse(passed.body().contains(">#2</a>"));
        assertTrue(passed.body().contains("<option value=\"PASSED\" selected>"));
        assertTrue(get(PAGES + "/builds?group=none", "t-reader").body().contains("No builds match."));
        assertEquals(400, get(PAGES + "/builds?result=GREEN", "t-reader").statusCode());
    }

    @Test
    public void settingsPageIsForRepositoryAdminsAndSecretsAreWriteOnly() throws Exception {
        assertEquals(302, get(PAGES + "/settings", null).statusCode());
        assertEquals(403, get(PAGES + "/settings", "t-writer").statusCode());
        signInAs("t-repoadmin");
        HttpResponse<String> page = get(PAGES + "/settings", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<meta name=\"decorator\" content=\"bitbucket.repository.settings\">"));
        assertTrue(page.body().contains("<meta name=\"activeTab\" content=\"ocelot-repository-settings\">"));
        assertFalse("a repo admin is not offered the global default", page.body().contains("globalAutoEnable"));
        String token = token(page.body());

        long before = server.ocelot.version();
        Map<String, List<String>> form = Map.of("enabled", List.of("true"), "buildPullRequests", List.of("true"),
                "werkerLabels", List.of("linux, docker"), "buildGroup", List.of("web"),
                "newSecretName", List.of("DEPLOY_KEY"), "newSecretValue", List.of("hunter2"),
                "newTargetId", List.of("team"), "newTargetUrl", List.of("https://hooks.example.com/T0/B0/SECRETPATH"));
        HttpResponse<String> forged = postForm(PAGES + "/settings", form);
        assertEquals("a post without the form token", 403, forged.statusCode());
        assertEquals(before, server.ocelot.version());

        Map<String, List<String>> withToken = new java.util.HashMap<>(form);
        withToken.put("atl_token", List.of(token));
        HttpResponse<String> saved = postForm(PAGES + "/settings", withToken);
        assertEquals(saved.body(), 302, saved.statusCode());
        assertTrue(saved.headers().firstValue("Location").orElseThrow().endsWith("/settings?saved=1"));
        assertEquals("hunter2", server.ocelot.secretValues(UiFixture.APP).get("DEPLOY_KEY"));
        assertEquals(List.of("linux", "docker"), server.ocelot.get(UiFixture.APP).werkerLabels());
        assertFalse(server.ocelot.get(UiFixture.APP).buildTags());

        String after = get(PAGES + "/settings?saved=1", null).body();
        assertTrue(after.contains("Settings saved."));
        assertTrue(after.contains("<code>DEPLOY_KEY</code>") && after.contains("••••"));
        assertFalse(after.contains("hunter2"));
        assertFalse(after.contains("SECRETPATH"));
        assertTrue(after.contains("hooks.example.com"));

        // saving again without touching the secret keeps it; removing it drops it
        Map<String, List<String>> remove = Map.of("atl_token", List.of(token), "enabled", List.of("true"),
                "removeSecret", List.of("DEPLOY_KEY"));
        assertEquals(302, postForm(PAGES + "/settings", remove).statusCode());
        assertEquals(Map.of(), server.ocelot.secretValues(UiFixture.APP));
        assertEquals("the webhook was kept", 1, server.ocelot.get(UiFixture.APP).slackWebhooks().size());

        HttpResponse<String> bad = postForm(PAGES + "/settings", Map.of("atl_token", List.of(token),
                "newSecretName", List.of("<script>x</script>"), "newSecretValue", List.of("v")));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("secret name &#39;&lt;script&gt;x&lt;/script&gt;&#39;"));
        assertTrue("nothing saved from a bad form", server.ocelot.get(UiFixture.APP).enabled());
    }

    @Test
    public void adminsSetTheAutoEnableDefaults() throws Exception {
        signInAs("t-admin");
        String page = get(PAGES + "/settings", null).body();
        assertTrue(page.contains("globalAutoEnable") && page.contains("projectAutoEnable"));
        HttpResponse<String> r = postForm(PAGES + "/settings", Map.of("atl_token", List.of(token(page)),
                "enabled", List.of("true"), "globalAutoEnable", List.of("true"), "projectAutoEnable", List.of("off")));
        assertEquals(302, r.statusCode());
        assertTrue(server.ocelot.autoEnableGlobal());
        assertEquals(java.util.Optional.of(false), server.ocelot.autoEnableForProject("PROJ"));
    }

    private static String token(String html) {
        Matcher m = Pattern.compile("name=\"atl_token\" value=\"([^\"]+)\"").matcher(html);
        assertTrue("no atl_token in the form", m.find());
        return m.group(1);
    }
}
