package io.ocelot.plugin.web;

import io.ocelot.plugin.store.ArtifactSettings;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The admin page's "Build artifacts" form on the harness (real servlet, real template, real settings store): shows
 * the limits in force, saves new ones for a global admin with the form token, refuses bad numbers naming the field,
 * and is not a non-admin's to change.
 */
public class ArtifactLimitsAdminPageTest {
    private static final Pattern TOKEN = Pattern.compile("name=\"atl_token\" value=\"([^\"]+)\"");
    private final InMemoryUserPermissions users = new InMemoryUserPermissions().user("root", "t-root").admin("root")
            .user("bob", "t-bob");
    private PluginHarness h;
    private String page;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options().users(users).pages(true));
        page = h.pagesUrl() + "/plugins/servlet/ocelot-admin";
    }

    @After
    public void stop() {
        h.close();
    }

    private final class Browser {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        private final String token;

        Browser(String token) {
            this.token = token;
        }

        HttpResponse<String> get() throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(page)).header("Authorization", "Bearer " + token)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> save(String maxMiB, String days) throws Exception {
            Matcher m = TOKEN.matcher(get().body());
            String form = "action=artifact-limits&maxBuildMiB=" + maxMiB + "&retentionDays=" + days
                    + (m.find() ? "&atl_token=" + m.group(1) : "");
            return client.send(HttpRequest.newBuilder(URI.create(page)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    public void anAdminSeesAndChangesTheArtifactLimits() throws Exception {
        Browser root = new Browser("t-root");
        String html = root.get().body();
        assertTrue(html, html.contains("<h3>Build artifacts</h3>"));
        assertTrue(html, html.contains("name=\"maxBuildMiB\" id=\"ocelot-admin-artifact-cap\" value=\"1024\""));
        assertTrue(html, html.contains("name=\"retentionDays\" id=\"ocelot-admin-artifact-days\" value=\"14\""));

        HttpResponse<String> saved = root.save("5", "3");
        assertEquals(saved.body(), 302, saved.statusCode());
        ArtifactSettings settings = h.services().artifactSettings;
        assertEquals(5L * 1024 * 1024, settings.maxBuildBytes());
        assertEquals(3, settings.retentionDays());
        String after = root.get().body();
        assertTrue(after, after.contains("id=\"ocelot-admin-artifact-cap\" value=\"5\""));

        HttpResponse<String> bad = root.save("0", "3");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("maxBuildMiB: between 1 and"));
        HttpResponse<String> words = root.save("5", "a%20week");
        assertEquals(400, words.statusCode());
        assertTrue(words.body(), words.body().contains("retentionDays: &#39;a week&#39; is not a whole number")
                || words.body().contains("retentionDays: 'a week' is not a whole number"));
        assertEquals("nothing changed", 5L * 1024 * 1024, settings.maxBuildBytes());
    }

    @Test
    public void theRestApiReadsAndChangesThemForAnAdminOnly() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        java.util.function.BiFunction<String, String, HttpResponse<String>> call = (token, body) -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.userApiUrl() + "/admin/artifact-limits"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
            try {
                return http.send((body == null ? b.GET() : b.PUT(HttpRequest.BodyPublishers.ofString(body))).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertEquals("{\"maxBuildMiB\":1024,\"retentionDays\":14}", call.apply("t-root", null).body());
        HttpResponse<String> put = call.apply("t-root", "{\"retentionDays\":7}");
        assertEquals(put.body(), 200, put.statusCode());
        assertEquals("a partial update", "{\"maxBuildMiB\":1024,\"retentionDays\":7}", put.body());
        assertEquals(7, h.services().artifactSettings.retentionDays());
        HttpResponse<String> bad = call.apply("t-root", "{\"maxBuildMiB\":-1}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("maxBuildMiB"));
        assertEquals(403, call.apply("t-bob", null).statusCode());
        assertEquals(403, call.apply("t-bob", "{\"retentionDays\":0}").statusCode());
        assertEquals(7, h.services().artifactSettings.retentionDays());
    }

    @Test
    public void aUserWhoIsNotAnAdminCannotChangeThem() throws Exception {
        HttpResponse<String> r = new Browser("t-bob").save("1", "0");
        assertEquals(403, r.statusCode());
        assertEquals(ArtifactSettings.DEFAULT_MAX_BUILD_BYTES, h.services().artifactSettings.maxBuildBytes());
        assertEquals(ArtifactSettings.DEFAULT_RETENTION_DAYS, h.services().artifactSettings.retentionDays());
    }
}
