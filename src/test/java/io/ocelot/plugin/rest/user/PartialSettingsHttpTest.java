package io.ocelot.plugin.rest.user;

import io.ocelot.core.Json;
import io.ocelot.core.api.SettingsView;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Issue 15: {@code PUT .../settings} over real HTTP on the harness is a partial update. A client that sends one
 * option does not switch off the others it left out (enabled, pull requests, tags, labels, group, targets, secrets).
 */
public class PartialSettingsHttpTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final io.ocelot.plugin.ui.RepositoryName APP = new io.ocelot.plugin.ui.RepositoryName("PROJ", "app");
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("ada", "t-admin").grant("ada", APP, RepoPermission.REPO_ADMIN);
    private PluginHarness h;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options().users(users));
        h.enableRepository("PROJ", "app");
    }

    @After
    public void stop() {
        h.close();
    }

    private HttpResponse<String> call(String method, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.userApiUrl() + "/projects/PROJ/repos/app/settings"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer t-admin")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private SettingsView put(String body) throws Exception {
        HttpResponse<String> r = call("PUT", body);
        assertEquals(r.body(), 200, r.statusCode());
        return Json.read(r.body(), SettingsView.class);
    }

    @Test
    public void leftOutOptionsKeepTheirValues() throws Exception {
        SettingsView full = put("{\"enabled\":true,\"buildPullRequests\":true,\"buildTags\":true,\"autoCancel\":false,"
                + "\"werkerLabels\":[\"docker\",\"big\"],\"buildGroup\":\"web\",\"secrets\":{\"TOKEN\":\"s3cret\"},"
                + "\"notificationTargets\":[{\"identifier\":\"team\",\"url\":\"https://hooks.example.com/services/T/B/x\"}]}");
        assertEquals(List.of("TOKEN"), full.secretNames());

        SettingsView after = put("{\"autoCancel\":true}");
        assertTrue(after.autoCancel());
        assertTrue("still enabled", after.enabled());
        assertTrue("still builds pull requests", after.buildPullRequests());
        assertTrue("still builds tags", after.buildTags());
        assertEquals(List.of("docker", "big"), after.werkerLabels());
        assertEquals("web", after.buildGroup());
        assertEquals(List.of("TOKEN"), after.secretNames());
        assertEquals("team", after.notificationTargets().get(0).identifier());
        assertEquals("hooks.example.com", after.notificationTargets().get(0).host());
        assertEquals("the read-back agrees", Json.write(after), call("GET", null).body());
        assertEquals("the stored webhook URL is kept", "https://hooks.example.com/services/T/B/x",
                h.services().repositorySettings.notificationTargets(h.repository("PROJ", "app")).get("team").toString());

        SettingsView off = put("{\"buildPullRequests\":false,\"buildGroup\":null}");
        assertTrue(!off.buildPullRequests() && off.enabled() && off.autoCancel() && off.buildGroup() == null);
    }

    @Test
    public void aSwitchThatIsNotABooleanIsANamedError() throws Exception {
        HttpResponse<String> r = call("PUT", "{\"enabled\":null}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body(), r.body().contains("enabled: true or false"));
        assertEquals(400, call("PUT", "[true]").statusCode());
        assertTrue("nothing changed", Json.read(call("GET", null).body(), SettingsView.class).enabled());
    }
}
