package io.ocelot.plugin.web;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

/**
 * The page in Bitbucket's administration area over real HTTP (Jetty, the real servlet, Google Soy 2016-08-09 on the
 * real template): global setup from a browser session, since personal access tokens never carry global ADMIN.
 */
public class OcelotAdminPageTest {
    private static final String PAGE = "/plugins/servlet/ocelot-admin";
    private PageServer server;
    private InMemoryOcelot ocelot;
    private HttpClient browser;

    @Before
    public void start() throws Exception {
        server = new PageServer(new InMemoryOcelot(), UiFixture.users(), null);
        ocelot = server.ocelot;
        UiFixture.seed(ocelot);
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(server.baseUrl + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(URI.create(server.baseUrl + PAGE))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form of the page, with this session's token. */
    private HttpResponse<String> submit(String action, String... fields) throws Exception {
        Map<String, String> form = new HashMap<>();
        form.put("atl_token", token(get(PAGE).body()));
        form.put("action", action);
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return post(form);
    }

    private void signInAs(String token) throws Exception {
        assertEquals(200, get("/login?as=" + token).statusCode());
    }

    private static String token(String html) {
        Matcher m = Pattern.compile("name=\"atl_token\" value=\"([^\"]+)\"").matcher(html);
        assertTrue("no atl_token in the page", m.find());
        return m.group(1);
    }

    @Test
    public void onlyGlobalAdminsGetThePageAndOthersLearnNothing() throws Exception {
        HttpResponse<String> anonymous = get(PAGE);
        assertEquals(302, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("Location").orElseThrow().contains("/login?next="));

        ocelot.setRegistryCredential(new io.ocelot.core.api.RegistryCredentialRequest("registry.example.com", "pull-bot", "pw"), "admin");
        for (String user : List.of("t-lead", "t-repoadmin", "t-stranger")) {
            browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            signInAs(user);
            HttpResponse<String> page = get(PAGE);
            assertEquals(user, 403, page.statusCode());
            assertTrue(page.body(), page.body().contains("You need ADMIN permission"));
            for (String secretish : List.of("werker-1", "registry.example.com", "pull-bot", "atl_token", "Ocelot CI")) {
                assertFalse(user + " learns " + secretish, page.body().contains(secretish));
            }
            long before = ocelot.version();
            HttpResponse<String> rotate = post(Map.of("action", "rotate-secret"));
            assertEquals(403, rotate.statusCode());
            assertFalse(rotate.body().contains("ocr_"));
            assertEquals(403, post(Map.of("action", "revoke-werker", "werkerId", "1")).statusCode());
            assertEquals("a refused post changes nothing", before, ocelot.version());
        }
    }

    @Test
    public void everyPostNeedsThisSessionsFormToken() throws Exception {
        signInAs("t-admin");
        String page = get(PAGE).body();
        assertTrue(page.contains("<meta name=\"decorator\" content=\"atl.admin\">"));
        long before = ocelot.version();
        for (String action : List.of("rotate-secret", "revoke-werker", "auto-enable", "registry-credential", "clone-credential")) {
            HttpResponse<String> forged = post(Map.of("action", action, "werkerId", "1", "globalAutoEnable", "true",
                    "host", "evil.example.com", "username", "u", "password", "p", "kind", "http", "token", "t"));
            assertEquals(action, 403, forged.statusCode());
            HttpResponse<String> wrong = post(Map.of("action", action, "atl_token", "not-the-token", "werkerId", "1"));
            assertEquals(action, 403, wrong.statusCode());
        }
        assertEquals(before, ocelot.version());
        assertEquals("ONLINE", ocelot.werkers().get(0).state());
        assertEquals(400, submit("delete-everything").statusCode());
    }

    @Test
    public void rotatingShowsTheNewSecretOnceAndNeverAgain() throws Exception {
        signInAs("t-admin");
        assertTrue(get(PAGE).body().contains("Not set: no werker can register yet."));
        HttpResponse<String> rotated = submit("rotate-secret");
        assertEquals(200, rotated.statusCode());
        assertEquals("no-store", rotated.headers().firstValue("Cache-Control").orElseThrow());
        Matcher m = Pattern.compile("<code id=\"ocelot-new-secret\">([^<]+)</code>").matcher(rotated.body());
        assertTrue(rotated.body(), m.find());
        String secret = m.group(1);
        assertTrue(secret.startsWith("ocr_"));

        String after = get(PAGE).body();
        assertFalse("the secret is shown once", after.contains(secret));
        assertFalse(after.contains("ocelot-new-secret"));
        assertTrue(after.contains("Set 2023-11-14 22:13 UTC"));

        HttpResponse<String> again = submit("rotate-secret");
        assertFalse("a new rotation, a new secret", again.body().contains(secret));
        assertTrue(again.body().contains("ocelot-new-secret"));
    }

    @Test
    public void cloneAndRegistryCredentialsAreWriteOnly() throws Exception {
        signInAs("t-admin");
        HttpResponse<String> clone = submit("clone-credential", "kind", "http", "username", "svc-ocelot",
                "token", "BBDC-clone-token-SECRET", "urlTemplate", "https://git.example.com/scm/{project}/{slug}.git");
        assertEquals(clone.body(), 302, clone.statusCode());
        assertTrue(clone.headers().firstValue("Location").orElseThrow().endsWith(PAGE + "?saved=clone-credential"));
        assertEquals("BBDC-clone-token-SECRET", ocelot.cloneSecret());
        HttpResponse<String> registry = submit("registry-credential", "host", "registry.example.com:5000",
                "username", "pull-bot", "password", "REGISTRY-password-SECRET");
        assertEquals(302, registry.statusCode());
        assertEquals("REGISTRY-password-SECRET", ocelot.registryPassword("registry.example.com:5000"));

        String page = get(PAGE + "?saved=registry-credential").body();
        assertTrue(page.contains("Registry credential saved."));
        assertTrue(page, page.contains("HTTP access token of user <code>svc-ocelot</code>"));
        assertTrue(page.contains("<code>registry.example.com:5000</code>") && page.contains("<td>pull-bot</td>"));
        assertFalse(page.contains("BBDC-clone-token-SECRET"));
        assertFalse(page.contains("REGISTRY-password-SECRET"));
        assertFalse("password fields stay empty", page.matches("(?s).*type=\"password\"[^>]*value=.*"));

        HttpResponse<String> bad = submit("registry-credential", "host", "https://registry.example.com/v2",
                "username", "pull-bot", "password", "x");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("host: &#39;https://registry.example.com/v2&#39;"));

        assertEquals(302, submit("remove-registry-credential", "host", "registry.example.com:5000").statusCode());
        assertTrue(get(PAGE).body().contains("No registry credentials."));
        assertEquals(404, submit("remove-registry-credential", "host", "registry.example.com:5000").statusCode());
        assertEquals(302, submit("clear-clone-credential").statusCode());
        assertTrue(get(PAGE).body().contains("None: werkers clone anonymously."));
    }

    @Test
    public void werkersAreListedWithLastSeenAndCanBeRevoked() throws Exception {
        signInAs("t-admin");
        ocelot.clock += 125_000;
        String page = get(PAGE).body();
        assertTrue(page, page.contains("werker-1 <span class=\"ocelot-werker-id\">#1</span>"));
        assertTrue(page.contains("<td>linux docker</td>") && page.contains("<td>2m 05s ago</td>"));
        assertTrue(page.contains("aui-lozenge-success\">ONLINE</span>"));
        assertTrue(page.contains("name=\"werkerId\" value=\"1\""));

        HttpResponse<String> revoked = submit("revoke-werker", "werkerId", "1");
        assertEquals(302, revoked.statusCode());
        assertEquals("DISABLED", ocelot.werkers().get(0).state());
        String after = get(PAGE + "?saved=revoke-werker").body();
        assertTrue(after.contains("Werker revoked"));
        assertFalse("no revoke button for a revoked werker", after.contains("name=\"werkerId\" value=\"1\""));
        assertEquals(404, submit("revoke-werker", "werkerId", "99").statusCode());
        assertEquals(400, submit("revoke-werker", "werkerId", "one").statusCode());
    }

    @Test
    public void adminsSetTheGlobalAutoEnableDefault() throws Exception {
        signInAs("t-admin");
        assertFalse(ocelot.autoEnableGlobal());
        assertEquals(302, submit("auto-enable", "globalAutoEnable", "true").statusCode());
        assertTrue(ocelot.autoEnableGlobal());
        assertTrue(get(PAGE).body().contains("id=\"ocelot-admin-auto\" value=\"true\" checked"));
        assertEquals(302, submit("auto-enable").statusCode());
        assertFalse(ocelot.autoEnableGlobal());
        assertNotEquals(404, get(PAGE + "/").statusCode());
        assertEquals(404, get(PAGE + "/other").statusCode());
    }
}
