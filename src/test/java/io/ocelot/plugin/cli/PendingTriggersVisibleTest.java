package io.ocelot.plugin.cli;

import io.ocelot.core.Json;
import io.ocelot.core.api.StatusReply;
import io.ocelot.core.api.TriggerView;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.PluginServices;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A push that Bitbucket's ContentService keeps refusing is not lost silently: it is listed, with its reason, by the
 * repository's triggers endpoint, by {@code GET /status} (repository and commit), and by {@code ocelot status}.
 */
public class PendingTriggersVisibleTest {
    private static final io.ocelot.plugin.ui.RepositoryName REPO = new io.ocelot.plugin.ui.RepositoryName("PROJ", "repo");
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("rita", "t-rita").grant("rita", REPO, RepoPermission.REPO_READ)
            .user("otto", "t-otto");
    private PluginHarness h;
    private RepositoryRef repo;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options().users(users)
                .files((r, commit, path) -> {
                    if (commit.equals(sha(2))) {
                        throw new IllegalStateException("ContentService: repository storage is offline");
                    }
                    return Optional.empty();
                })
                .changesets((r, since, until) -> new Changeset(List.of("msg"), List.of("a.txt"))));
        repo = h.enableRepository("PROJ", "repo");
    }

    @After
    public void stop() {
        h.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.userApiUrl() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void aFailedTriggerIsListedWithItsReasonByTheApiAndTheCli() throws Exception {
        h.push(repo, "main", sha(1), sha(2));
        int attempts = PluginServices.TEST_TRIGGER_RETRY.maxAttempts();
        String reason = "IllegalStateException: ContentService: repository storage is offline";

        HttpResponse<String> list = get("/projects/PROJ/repos/repo/triggers", "t-rita");
        assertEquals(list.body(), 200, list.statusCode());
        TriggerView[] triggers = Json.mapper().readValue(list.body(), TriggerView[].class);
        assertEquals(1, triggers.length);
        assertEquals(TriggerView.FAILED, triggers[0].state());
        assertEquals(reason, triggers[0].reason());
        assertEquals(attempts, triggers[0].attempts());
        assertEquals(sha(2), triggers[0].commit());
        assertEquals("admin", triggers[0].triggeredBy());
        assertEquals("no permission, no list", 404, get("/projects/PROJ/repos/repo/triggers", "t-otto").statusCode());
        assertEquals(401, get("/projects/PROJ/repos/repo/triggers", null).statusCode());

        StatusReply byRepo = Json.mapper().readValue(get("/status?ref=PROJ/repo", "t-rita").body(), StatusReply.class);
        assertEquals("the trigger given up left a FAILED build", 1, byRepo.builds().size());
        assertEquals(io.ocelot.core.api.ApiBuildState.FAILED, byRepo.builds().get(0).state());
        assertEquals(sha(2), byRepo.builds().get(0).commit());
        String message = h.builds().find(byRepo.builds().get(0).id()).orElseThrow().message();
        assertTrue(message, message.contains("gave up on this push after " + attempts + " attempts: " + reason));
        assertEquals(List.of(triggers[0]), byRepo.triggers());
        HttpResponse<String> byCommit = get("/status?ref=" + sha(2).substring(0, 12), "t-rita");
        assertEquals(byCommit.body(), 200, byCommit.statusCode());
        StatusReply commit = Json.mapper().readValue(byCommit.body(), StatusReply.class);
        assertEquals("PROJ/repo", commit.repository());
        assertEquals(sha(2), commit.commit());
        assertEquals(List.of(triggers[0]), commit.triggers());

        OcelotCli.Run cli = new OcelotCli(tmp.newFolder("checkout")).run(h.baseUrl(), "t-rita", null,
                new String[]{"status", "PROJ/repo"});
        assertEquals("status exits with the newest build's state: the FAILED build the trigger left\n" + cli.err(), 1,
                cli.exit());
        assertTrue(cli.out(), cli.out().contains("failed trigger: push of main @ " + sha(2).substring(0, 10)
                + " by admin, gave up after " + attempts + " attempts: " + reason));
    }
}
