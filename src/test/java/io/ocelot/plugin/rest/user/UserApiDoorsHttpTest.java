package io.ocelot.plugin.rest.user;

import io.ocelot.core.Json;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.trigger.PlanOutcome;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The user API's doors (issue 14) over real HTTP and the real AO store, behind the stand-in for Bitbucket's XSRF
 * check: a cross-origin simple POST changes nothing; the notification settings are for admins only.
 */
public class UserApiDoorsHttpTest {
    private static final RepositoryName REPO = new RepositoryName("PROJ", "repo");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("root", "t-root").admin("root")
            .user("ada", "t-ada").grant("ada", REPO, RepoPermission.REPO_ADMIN)
            .user("wes", "t-wes").grant("wes", REPO, RepoPermission.REPO_WRITE);
    private PluginHarness h;
    private RepositoryRef repo;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options().files(files).users(users)
                .changesets((r, since, until) -> new Changeset(List.of("msg"), List.of("a.txt")))
                .planner((pipeline, name, content, event) -> new PlanOutcome.Planned(Fixture.plan("ocelot/busybox", null, "build"))));
        repo = h.enableRepository("PROJ", "repo");
    }

    @After
    public void stop() {
        h.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String contentType, String body,
                                      Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.userApiUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long queuedBuild() {
        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        return h.push(repo, "main", null, sha(1)).get(0).id();
    }

    @Test
    public void aCrossOriginSimplePostChangesNothing() throws Exception {
        long id = queuedBuild();
        // X-Atlassian-Token lets a simple content type past Bitbucket's XSRF check (a script on another site cannot
        // set it, but the resource must not rely on that alone): the resource itself takes JSON only.
        for (String path : List.of("/builds/" + id + "/kill", "/builds/" + id + "/rebuild",
                "/projects/PROJ/repos/repo/watch", "/projects/PROJ/repos/repo/unwatch")) {
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
                String who = path.contains("watch") ? "t-ada" : "t-wes"; // watching takes REPO_ADMIN
                assertEquals(path + " " + type, 415, call("POST", path, who, type, "x",
                        Map.of("X-Atlassian-Token", "no-check")).statusCode());
                assertEquals(path + " " + type, 415, call("POST", path, who, type, "x", Map.of()).statusCode());
            }
        }
        Build still = h.builds().find(id).orElseThrow();
        assertEquals("not killed", BuildState.QUEUED, still.state());
        assertFalse(still.cancelRequested());
        assertEquals("no rebuild", 1, h.builds().byCommitPrefix(repo.id(), sha(1), 10).size());
        assertTrue("not unwatched", h.services().settingsService.get(REPO).enabled());

        // What the CLI sends (JSON) and a bare POST without a body both still work.
        HttpResponse<String> watched = call("POST", "/projects/PROJ/repos/repo/watch", "t-ada", null, null, Map.of());
        assertEquals(watched.body(), 200, watched.statusCode());
        HttpResponse<String> killed = call("POST", "/builds/" + id + "/kill", "t-wes", "application/json", "", Map.of());
        assertEquals(killed.body(), 200, killed.statusCode());
        assertEquals(BuildState.FINISHED, h.builds().find(id).orElseThrow().state());
    }

    @Test
    public void theXsrfStandInRefusesASimplePostWithoutTheToken() throws Exception {
        // validate takes any content type, so here the stand-in of Bitbucket's XSRF check is what answers.
        String yml = "image: ocelot/busybox\nstages:\n  - name: build\n    run: [\"true\"]\n";
        HttpResponse<String> refused = call("POST", "/validate", "t-wes", "text/plain", yml, Map.of());
        assertEquals(403, refused.statusCode());
        assertEquals("XSRF check failed", refused.body());
        assertEquals(200, call("POST", "/validate", "t-wes", "text/plain", yml,
                Map.of("X-Atlassian-Token", "no-check")).statusCode());
        assertEquals(200, call("POST", "/validate", "t-wes", "application/x-yaml", yml, Map.of()).statusCode());
    }

    @Test
    public void onlyAnAdminSetsTheNotificationAllowlist() throws Exception {
        String body = "{\"hosts\":[\"Hooks.Internal\",\"10.1.2.3\"]}";
        assertEquals(403, call("PUT", "/admin/notify/allowed-hosts", "t-ada", "application/json", body, Map.of())
                .statusCode());
        assertTrue(h.services().notifyAllowlist.hosts().isEmpty());
        HttpResponse<String> bad = call("PUT", "/admin/notify/allowed-hosts", "t-root", "application/json",
                "{\"hosts\":[\"http://x/y\"]}", Map.of());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("not a host name or IP address: 'http://x/y'"));
        HttpResponse<String> ok = call("PUT", "/admin/notify/allowed-hosts", "t-root", "application/json", body, Map.of());
        assertEquals(ok.body(), 200, ok.statusCode());
        assertEquals("{\"hosts\":[\"10.1.2.3\",\"hooks.internal\"]}", ok.body());
        assertEquals(java.util.Set.of("hooks.internal", "10.1.2.3"), h.services().notifyAllowlist.hosts());
        assertEquals(ok.body(), call("GET", "/admin/notify/allowed-hosts", "t-root", null, null, Map.of()).body());
    }

    @Test
    public void repositoryAdminsReadAndRotateTheWebhookSecret() throws Exception {
        String path = "/projects/PROJ/repos/repo/webhook-secret";
        assertEquals(403, call("GET", path, "t-wes", null, null, Map.of()).statusCode());
        assertEquals(401, call("GET", path, null, null, null, Map.of()).statusCode());
        HttpResponse<String> read = call("GET", path, "t-ada", null, null, Map.of());
        assertEquals(read.body(), 200, read.statusCode());
        Map<?, ?> first = Json.read(read.body(), Map.class);
        assertEquals("X-Ocelot-Signature", first.get("header"));
        String secret = (String) first.get("secret");
        assertEquals(secret, h.services().webhookSecrets.secretFor(REPO));
        assertEquals("the same secret on every read", read.body(), call("GET", path, "t-ada", null, null, Map.of()).body());
        try (var c = h.database().jdbc(); var rs = c.createStatement().executeQuery(
                "SELECT SETTING_VALUE FROM SETTING WHERE SETTING_KEY = 'notify.webhookSecret.PROJ/repo'")) {
            assertTrue(rs.next());
            assertFalse("sealed in the database", rs.getString(1).contains(secret));
        }
        HttpResponse<String> rotated = call("POST", path, "t-ada", "application/json", "", Map.of());
        assertEquals(200, rotated.statusCode());
        assertFalse(secret.equals(Json.read(rotated.body(), Map.class).get("secret")));
    }
}
