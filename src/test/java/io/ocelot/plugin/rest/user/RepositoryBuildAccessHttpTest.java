package io.ocelot.plugin.rest.user;

import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The door to a repository's registry credentials and secret branch limits (issue 14), over real HTTP on the harness:
 * only its admins may use it, the password is never answered nor stored in clear, and bad input is a 400 naming it.
 */
public class RepositoryBuildAccessHttpTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final RepositoryName APP = new RepositoryName("PROJ", "app");
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("ada", "t-admin").user("wes", "t-writer").user("mallory", "t-mallory")
            .grant("ada", APP, RepoPermission.REPO_ADMIN).grant("wes", APP, RepoPermission.REPO_WRITE);
    private PluginHarness h;
    private RepositoryRef repo;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options().users(users));
        repo = h.enableRepository("PROJ", "app");
    }

    @After
    public void stop() {
        h.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.userApiUrl() + "/projects/PROJ/repos/app" + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void anAdminSetsARegistryCredentialThatIsNeverAnsweredNorStoredInClear() throws Exception {
        HttpResponse<String> set = call("PUT", "/build-access/registry-credentials/registry.example.com:5000",
                "t-admin", "{\"username\":\"ci-puller\",\"password\":\"pull-token-very-secret\"}");
        assertEquals(set.body(), 204, set.statusCode());
        assertEquals("ci-puller", h.services().repositorySettings.registryCredentials(repo).get(0).username());

        HttpResponse<String> seen = call("GET", "/build-access", "t-admin", null);
        assertEquals(200, seen.statusCode());
        assertTrue(seen.body(), seen.body().contains("registry.example.com:5000") && seen.body().contains("ci-puller"));
        assertFalse("the password is never answered", seen.body().contains("pull-token"));
        try (Connection c = h.database().jdbc(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT * FROM \"REPO_CONFIG\"")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String v = rs.getString(i);
                    assertFalse("stored in clear", v != null && v.contains("pull-token-very-secret"));
                }
            }
        }
        assertEquals(204, call("DELETE", "/build-access/registry-credentials/registry.example.com:5000", "t-admin",
                null).statusCode());
        assertEquals(List.of(), h.services().repositorySettings.registryCredentials(repo));
        assertEquals(404, call("DELETE", "/build-access/registry-credentials/registry.example.com:5000", "t-admin",
                null).statusCode());
    }

    @Test
    public void onlyTheRepositorysAdminsMayUseTheDoorAndARefusalChangesNothing() throws Exception {
        String login = "{\"username\":\"u\",\"password\":\"p\"}";
        assertEquals(403, call("PUT", "/build-access/registry-credentials/registry.example.com", "t-writer", login)
                .statusCode());
        assertEquals(404, call("PUT", "/build-access/registry-credentials/registry.example.com", "t-mallory", login)
                .statusCode());
        assertEquals(403, call("GET", "/build-access", "t-writer", null).statusCode());
        assertEquals(List.of(), h.services().repositorySettings.registryCredentials(repo));
    }

    @Test
    public void aSecretIsLimitedToBranchesAndABadPatternOrAnUnknownSecretIsA400() throws Exception {
        String put = "{\"enabled\":true,\"werkerLabels\":[],\"buildTags\":false,\"buildPullRequests\":true,"
                + "\"autoCancel\":false,\"secrets\":{\"DEPLOY_KEY\":\"hunter2-very-secret\"}}";
        assertEquals(200, call("PUT", "/settings", "t-admin", put).statusCode());

        assertEquals(204, call("PUT", "/build-access/secrets/DEPLOY_KEY/branches", "t-admin",
                "{\"branches\":[\"main\",\"release/.*\"]}").statusCode());
        assertEquals(Map.of("DEPLOY_KEY", List.of("main", "release/.*")),
                h.services().repositorySettings.secretBranches(repo));

        HttpResponse<String> bad = call("PUT", "/build-access/secrets/DEPLOY_KEY/branches", "t-admin",
                "{\"branches\":[\"release/(\"]}");
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("release/("));
        HttpResponse<String> unknown = call("PUT", "/build-access/secrets/NO_SUCH/branches", "t-admin",
                "{\"branches\":[\"main\"]}");
        assertEquals(unknown.body(), 400, unknown.statusCode());
        assertTrue(unknown.body(), unknown.body().contains("NO_SUCH"));
        assertEquals("a refused call changes nothing", Map.of("DEPLOY_KEY", List.of("main", "release/.*")),
                h.services().repositorySettings.secretBranches(repo));

        assertEquals(204, call("PUT", "/build-access/secrets/DEPLOY_KEY/branches", "t-admin",
                "{\"branches\":[]}").statusCode());
        assertEquals(Map.of(), h.services().repositorySettings.secretBranches(repo));
    }
}
