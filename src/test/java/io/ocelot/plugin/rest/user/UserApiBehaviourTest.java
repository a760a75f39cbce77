package io.ocelot.plugin.rest.user;

import io.ocelot.core.Json;
import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.ErrorReply;
import io.ocelot.core.api.LogPage;
import io.ocelot.core.api.SettingsView;
import io.ocelot.core.api.StatusReply;
import io.ocelot.core.api.TriggerResponse;
import io.ocelot.core.api.ValidationReply;
import io.ocelot.plugin.testkit.InMemoryOcelot;
import io.ocelot.plugin.testkit.UiFixture;
import io.ocelot.plugin.testkit.UserApiServer;
import io.ocelot.plugin.ui.ParserPipelineValidator;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** What the user API answers, over real HTTP against the real resources and the in-memory model. */
public class UserApiBehaviourTest {
    private static final String B = "/rest/ocelot/1.0";
    private UserApiServer server;

    @Before
    public void start() {
        server = new UserApiServer(new InMemoryOcelot(), UiFixture.users(), new ParserPipelineValidator());
        UiFixture.seed(server.ocelot);
    }

    @After
    public void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) {
        return HttpCalls.call(server.baseUrl, method, B + path, token, body);
    }

    private <T> T ok(Class<T> type, String method, String path, String body) {
        HttpResponse<String> r = call(method, path, "t-admin", body);
        assertEquals(r.body(), 200, r.statusCode());
        return Json.read(r.body(), type);
    }

    @Test
    public void statusByRepositoryAndByHashPrefixNewestFirst() {
        StatusReply byRepo = ok(StatusReply.class, "GET", "/status?ref=PROJ/app", null);
        assertEquals("PROJ/app", byRepo.repository());
        assertEquals(List.of(2L, 1L), byRepo.builds().stream().map(BuildSummary::id).toList());
        long rebuilt = server.ocelot.rebuild(1, "alice").buildId();
        StatusReply byHash = ok(StatusReply.class, "GET", "/status?ref=AAAA9999", null);
        assertEquals(UiFixture.OLD, byHash.commit());
        assertEquals(List.of(rebuilt, 1L), byHash.builds().stream().map(BuildSummary::id).toList());
    }

    @Test
    public void anAmbiguousHashPrefixSaysSoWithTheCandidates() {
        HttpResponse<String> r = call("GET", "/status?ref=aaaa", "t-admin", null);
        assertEquals(409, r.statusCode());
        ErrorReply e = Json.read(r.body(), ErrorReply.class);
        assertTrue(e.error(), e.error().contains("ambiguous") && e.error().contains("2 commits"));
        assertEquals(List.of(UiFixture.HEAD, UiFixture.OLD), e.candidates());
        // the same commit built in two repositories
        RepositoryName other = new RepositoryName("OTHER", "app");
        server.ocelot.repository(other, true);
        server.ocelot.addBuild(other, "main", UiFixture.HEAD, "fork", "PUSH", "x", null);
        server.permissions.grant("reader", other, RepoPermission.REPO_READ);
        r = call("GET", "/status?ref=aaaa1111", "t-reader", null);
        assertEquals(409, r.statusCode());
        assertEquals(List.of("OTHER/app", "PROJ/app"), Json.read(r.body(), ErrorReply.class).candidates().stream().sorted().toList());
        r = call("GET", "/status?ref=app", "t-reader", null);
        assertEquals(409, r.statusCode());
        assertEquals(List.of("OTHER/app", "PROJ/app"), Json.read(r.body(), ErrorReply.class).candidates());
        // someone who cannot see the other repository is not confused by it
        assertEquals(200, call("GET", "/status?ref=aaaa1111", "t-writer", null).statusCode());
    }

    @Test
    public void buildDetailHasStagesAndTheLogPagesByByteOffsetWithoutSplittingCharacters() {
        BuildDetail d = ok(BuildDetail.class, "GET", "/builds/1", null);
        assertEquals(ApiBuildState.PASSED, d.build().state());
        assertEquals(List.of("build", "test"), d.stages().stream().map(s -> s.name()).toList());
        assertEquals(Integer.valueOf(0), d.stages().get(1).exitCode());

        server.ocelot.log(2, 0, "STDOUT", "héllo wörld ✓\n");
        StringBuilder text = new StringBuilder();
        long offset = 0;
        int pages = 0;
        while (true) {
            LogPage p = ok(LogPage.class, "GET", "/builds/2/log?offset=" + offset + "&limit=3", null);
            if (p.nextOffset() == offset) {
                break;
            }
            p.chunks().forEach(c -> text.append(c.text()));
            offset = p.nextOffset();
            pages++;
        }
        assertEquals("working\nhéllo wörld ✓\n", text.toString());
        assertTrue(pages > 5);
        LogPage first = ok(LogPage.class, "GET", "/builds/1/log", null);
        assertEquals("STDERR", first.chunks().get(1).stream());
        assertEquals(1, first.chunks().get(1).stage());
        assertTrue(first.complete());
        assertFalse(ok(LogPage.class, "GET", "/builds/2/log", null).complete());
        assertEquals(400, call("GET", "/builds/1/log?offset=-1", "t-admin", null).statusCode());
    }

    @Test
    public void killTriggerAndRebuild() {
        BuildSummary killed = ok(BuildSummary.class, "POST", "/builds/2/kill", null);
        assertEquals(ApiBuildState.CANCELLED, killed.state());
        HttpResponse<String> again = call("POST", "/builds/2/kill", "t-admin", null);
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("already finished"));

        TriggerResponse skipped = ok(TriggerResponse.class, "POST", "/projects/PROJ/repos/app/trigger", "{\"branch\":\"feature/x\"}");
        assertNull(skipped.buildId());
        assertEquals("the commit message says [skip ci]", skipped.reason());
        TriggerResponse forced = ok(TriggerResponse.class, "POST", "/projects/PROJ/repos/app/trigger", "{\"branch\":\"feature/x\",\"force\":true}");
        assertEquals(UiFixture.OLD, forced.commit());
        BuildDetail made = ok(BuildDetail.class, "GET", "/builds/" + forced.buildId(), null);
        assertEquals("admin", made.build().triggeredBy());
        TriggerResponse byHash = ok(TriggerResponse.class, "POST", "/projects/PROJ/repos/app/trigger", "{\"commit\":\"aaaa1111\"}");
        assertEquals(UiFixture.HEAD, byHash.commit());
        assertEquals(400, call("POST", "/projects/PROJ/repos/app/trigger", "t-admin", "{\"commit\":\"abc1\",\"branch\":\"main\"}").statusCode());
        assertEquals(400, call("POST", "/projects/PROJ/repos/app/trigger", "t-admin", "{\"commit\":\"zz\"}").statusCode());
        assertEquals(404, call("POST", "/projects/PROJ/repos/app/trigger", "t-admin", "{\"branch\":\"nope\"}").statusCode());
        assertEquals(400, call("POST", "/projects/PROJ/repos/app/trigger", "t-admin", "{not json").statusCode());
        HttpResponse<String> badName = call("POST", "/projects/PROJ/repos/app/trigger", "t-admin", "{\"pipeline\":\"Docs\"}");
        assertEquals(400, badName.statusCode());
        assertTrue(badName.body(), badName.body().contains("pipeline 'Docs' is not a pipeline name"));
        assertEquals("no .ocelot/docs.yml in this repository", 404,
                call("POST", "/projects/PROJ/repos/app/trigger", "t-admin", "{\"pipeline\":\"docs\"}").statusCode());
        TriggerResponse defaultOnly = ok(TriggerResponse.class, "POST", "/projects/PROJ/repos/app/trigger",
                "{\"commit\":\"aaaa1111\",\"pipeline\":\"default\"}");
        assertEquals(UiFixture.HEAD, defaultOnly.commit());

        TriggerResponse rebuilt = ok(TriggerResponse.class, "POST", "/builds/1/rebuild", null);
        assertEquals(UiFixture.OLD, rebuilt.commit());
    }

    @Test
    public void secretsAreWriteOnly() {
        String put = "{\"enabled\":true,\"werkerLabels\":[\"linux\",\" docker \"],\"buildTags\":false,\"buildPullRequests\":true,"
                + "\"autoCancel\":true,\"buildGroup\":\"web\",\"secrets\":{\"DEPLOY_KEY\":\"hunter2\"},"
                + "\"notificationTargets\":[{\"identifier\":\"team\",\"url\":\"https://hooks.example.com/T000/B000/XXXX\"}]}";
        HttpResponse<String> r = call("PUT", "/projects/PROJ/repos/app/settings", "t-repoadmin", put);
        assertEquals(r.body(), 200, r.statusCode());
        assertFalse(r.body().contains("hunter2"));
        assertFalse(r.body().contains("XXXX"));
        SettingsView v = Json.read(call("GET", "/projects/PROJ/repos/app/settings", "t-repoadmin", null).body(), SettingsView.class);
        assertEquals(List.of("DEPLOY_KEY"), v.secretNames());
        assertEquals(Map.of(), v.secrets());
        assertEquals(List.of("linux", "docker"), v.werkerLabels());
        assertFalse(v.buildTags());
        assertEquals(new SettingsView.Target("team", null, "hooks.example.com"), v.notificationTargets().get(0));
        assertEquals("hunter2", server.ocelot.secretValues(UiFixture.APP).get("DEPLOY_KEY"));

        // sending back what GET gave keeps the secret and the webhook URL
        r = call("PUT", "/projects/PROJ/repos/app/settings", "t-repoadmin", Json.write(v));
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals("hunter2", server.ocelot.secretValues(UiFixture.APP).get("DEPLOY_KEY"));
        assertEquals("https://hooks.example.com/T000/B000/XXXX", server.ocelot.get(UiFixture.APP).slackWebhooks().get("team").toString());

        r = call("PUT", "/projects/PROJ/repos/app/settings", "t-repoadmin", "{\"secrets\":{\"1BAD\":\"x\"}}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body(), r.body().contains("secret name '1BAD'"));
    }

    @Test
    public void validateReportsProblemsWithLineAndColumn() {
        ValidationReply bad = ok(ValidationReply.class, "POST", "/validate?name=ci/ocelot.yml", "stages:\n  - name: a\n   script: [x\n");
        assertFalse(bad.valid());
        assertEquals("ci/ocelot.yml", bad.problems().get(0).file());
        assertTrue(bad.problems().get(0).line() >= 2);
        assertTrue(ok(ValidationReply.class, "POST", "/validate",
                "image: alpine\nstages:\n  - name: a\n    script: [x]\n").valid());
        assertFalse("an empty stage list is refused", ok(ValidationReply.class, "POST", "/validate", "image: alpine\nstages: []\n").valid());
        assertEquals(400, call("POST", "/validate", "t-admin", "").statusCode());
    }

    @Test
    public void groupListsSpanRepositoriesTheUserCanRead() {
        RepositoryName api = new RepositoryName("PROJ", "api");
        server.ocelot.repository(api, true).group(api, "web");
        server.ocelot.addBuild(api, "main", "bbbb", "api", "PUSH", "x", "web");
        server.permissions.grant("reader", api, RepoPermission.REPO_READ);
        List<?> all = ok(List.class, "GET", "/groups/web/builds", null);
        assertEquals(3, all.size());
        HttpResponse<String> r = call("GET", "/groups/web/builds?limit=2", "t-writer", null);
        assertEquals(2, Json.read(r.body(), List.class).size());
        r = call("GET", "/groups/web/builds", "t-writer", null);
        assertEquals(2, Json.read(r.body(), List.class).size()); // writer cannot see PROJ/api
        assertEquals(400, call("GET", "/groups/web/builds?limit=0", "t-writer", null).statusCode());
    }
}
