package io.ocelot.plugin.web;

import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.FakeBitbucket;
import io.ocelot.plugin.testkit.HarnessRepository;
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
import java.time.Duration;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Issue 9 for the pages: the REAL page servlets served by {@link PluginHarness} (option {@code pages(true)}) over
 * the store and the real Bitbucket adapters, in front of the strict {@link FakeBitbucket}, on a PRIVATE repository
 * with a build pushed through the real trigger path. Access on a page is what Bitbucket would decide: REPO_READ
 * sees the builds, REPO_ADMIN the settings, global ADMIN the admin page; a signed-in stranger gets the same 404 as
 * for a missing repository, never a 500; anonymous is sent to the login page.
 */
public class PrivateRepositoryPagesTest {
    private static final String PIPELINE = "image: ocelot/busybox\nstages:\n  - name: build\n    script: [echo hi]\n";
    private static final String PAGES = "/plugins/servlet/ocelot/projects/PROJ/repos/secret";
    private static final String ADMIN_PAGE = "/plugins/servlet/ocelot-admin";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RepositoryName secret = new RepositoryName("PROJ", "secret");
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("reader", "t-reader").user("owner", "t-owner").user("mallory", "t-mallory").user("root", "t-root")
            .grant("reader", secret, RepoPermission.REPO_READ)
            .grant("owner", secret, RepoPermission.REPO_ADMIN)
            .admin("root");
    private PluginHarness h;
    private Build build;
    private String tip;

    @Before
    public void start() throws Exception {
        h = PluginHarness.start(PluginHarness.options().users(users).pages(true));
        RepositoryRef repo = h.enableRepository("PROJ", "secret");
        HarnessRepository git = h.gitRepository(repo);
        tip = git.commit("first", "ocelot.yml", PIPELINE);
        List<Build> builds = git.push("feature/pages");
        assertEquals("the push to the private repository made a build", 1, builds.size());
        build = builds.get(0);
    }

    @After
    public void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    public void aReaderSeesTheBuildListAndTheBuildPage() throws Exception {
        for (String path : List.of(PAGES + "/builds", PAGES + "/builds/" + build.id())) {
            HttpResponse<String> page = get(path, "t-reader");
            assertEquals(path + ": " + page.body(), 200, page.statusCode());
            assertTrue(path + " shows the branch", page.body().contains("feature/pages"));
            assertTrue(path + " shows the commit", page.body().contains(tip));
        }
        assertNoUnescalatedRefusal();
    }

    @Test
    public void aSignedInStrangerGetsTheSame404AsForAMissingRepository() throws Exception {
        for (String path : List.of(PAGES + "/builds", PAGES + "/builds/" + build.id(), PAGES + "/settings")) {
            HttpResponse<String> hidden = get(path, "t-mallory");
            assertEquals(path + ": " + hidden.body(), 404, hidden.statusCode());
            assertFalse(path + " leaks the commit", hidden.body().contains(tip));
            assertFalse(path + " leaks the branch", hidden.body().contains("feature/pages"));
            HttpResponse<String> missing = get(path.replace("/secret/", "/nothing/"), "t-mallory");
            assertEquals(404, missing.statusCode());
            assertEquals("a hidden repository reads exactly like a missing one",
                    missing.body().replace("nothing", "secret"), hidden.body());
        }
        assertNoUnescalatedRefusal();
    }

    @Test
    public void anonymousIsSentToTheLoginPage() throws Exception {
        for (String path : List.of(PAGES + "/builds", PAGES + "/builds/" + build.id(), PAGES + "/settings", ADMIN_PAGE)) {
            HttpResponse<String> r = get(path, null);
            assertEquals(path + ": " + r.body(), 302, r.statusCode());
            String location = r.headers().firstValue("Location").orElse("");
            assertTrue(path + " → " + location, location.contains("/login"));
            assertFalse(r.body().contains(tip));
        }
        assertEquals("an unknown token is refused before any page", 401, get(PAGES + "/builds", "t-forged").statusCode());
        assertNoUnescalatedRefusal();
    }

    @Test
    public void theSettingsPageNeedsRepoAdmin() throws Exception {
        HttpResponse<String> reader = get(PAGES + "/settings", "t-reader");
        assertTrue(reader.statusCode() + ": " + reader.body(), reader.statusCode() == 403 || reader.statusCode() == 404);
        assertFalse(reader.body().contains("atl_token"));
        HttpResponse<String> owner = get(PAGES + "/settings", "t-owner");
        assertEquals(owner.body(), 200, owner.statusCode());
        assertTrue(owner.body(), owner.body().contains("atl_token"));
        assertNoUnescalatedRefusal();
    }

    @Test
    public void theAdminPageNeedsGlobalAdmin() throws Exception {
        for (String token : List.of("t-reader", "t-owner", "t-mallory")) {
            HttpResponse<String> r = get(ADMIN_PAGE, token);
            assertTrue(token + ": " + r.statusCode() + " " + r.body(), r.statusCode() == 403 || r.statusCode() == 404);
            assertFalse(r.body().contains("atl_token"));
        }
        HttpResponse<String> root = get(ADMIN_PAGE, "t-root");
        assertEquals(root.body(), 200, root.statusCode());
        assertTrue(root.body(), root.body().contains("atl_token"));
        assertNoUnescalatedRefusal();
    }

    /** As E2eRig checks: nothing the plugin did on its own, without a user or an escalation, was refused. */
    private void assertNoUnescalatedRefusal() {
        List<String> unescalated = h.bitbucket().refusals().stream()
                .filter(r -> r.contains(FakeBitbucket.UNESCALATED)).toList();
        assertEquals("Bitbucket refused calls made without a user or escalation", List.of(), unescalated);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.pagesUrl() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
