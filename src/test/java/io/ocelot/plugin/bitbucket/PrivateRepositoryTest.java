package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.AuthorisationException;
import com.atlassian.bitbucket.user.EscalatedSecurityContext;
import com.atlassian.bitbucket.user.SecurityService;
import com.atlassian.bitbucket.util.Operation;
import io.ocelot.core.Json;
import io.ocelot.core.api.ErrorReply;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.insights.CodeInsightsReport;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.FakeBitbucket;
import io.ocelot.plugin.testkit.HarnessRepository;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.ui.RepoPermission;
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
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

/**
 * Issue 9, item 1, in the strict world ({@link FakeBitbucket} behind the real adapters): a private repository is
 * built and gets its status although the trigger thread has no Bitbucket user, because every adapter escalates;
 * without the escalation Bitbucket refuses each of them; and a person who cannot see a repository gets 404 (or 403
 * for a project setting) from the REST API, never 500.
 */
public class PrivateRepositoryTest {
    private static final String PIPELINE = "image: ocelot/busybox\nstages:\n  - name: build\n    script: [echo hi]\n";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final InMemoryUserPermissions users = new InMemoryUserPermissions()
            .user("reader", "t-reader").user("mallory", "t-mallory")
            .grant("reader", new io.ocelot.plugin.ui.RepositoryName("PROJ", "secret"), RepoPermission.REPO_READ);
    private PluginHarness h;
    private RepositoryRef repo;
    private String tip;

    @Before
    public void start() throws Exception {
        h = PluginHarness.start(PluginHarness.options().users(users));
        repo = h.enableRepository("PROJ", "secret");
        HarnessRepository git = h.gitRepository(repo);
        git.commit("first", "ocelot.yml", PIPELINE);
        tip = git.pushTo("main");
    }

    @After
    public void stop() {
        h.close();
    }

    @Test
    public void aPushToAPrivateRepositoryIsBuiltAndGetsAStatus() {
        assertThrows("the repository is private: no user, no escalation, no repository",
                AuthorisationException.class, () -> h.bitbucket().repositoryService().getById(repo.id()));
        int refusedBefore = h.bitbucket().refusals().size();

        List<Build> builds = h.push(repo, "main", null, tip);

        assertEquals("ocelot.yml was read and a build created", 1, builds.size());
        List<BuildStatus> shown = h.statuses().forCommit(tip);
        assertEquals("the queued build's status reached Bitbucket", 1, shown.size());
        assertEquals(StatusState.INPROGRESS, shown.get(0).state());
        assertEquals(tip, h.bitbucket().statusRequests().get(0).getCommitId());
        assertEquals("nothing was refused: " + h.bitbucket().refusals(), refusedBefore, h.bitbucket().refusals().size());
    }

    /**
     * ContentService.streamDirectory as Bitbucket answers it: refused without a user or escalation even with the
     * repository in hand, a missing path is NoSuchPathException, and the adapter lists the files of one level only.
     */
    @Test
    public void listingADirectoryIsPermissionCheckedAndAMissingOneIsNoSuchPath() {
        FakeBitbucket b = h.bitbucket();
        com.atlassian.bitbucket.repository.Repository r = b.add(repo);
        com.atlassian.bitbucket.content.AbstractContentTreeCallback ignore =
                new com.atlassian.bitbucket.content.AbstractContentTreeCallback();
        assertThrows(AuthorisationException.class, () -> b.contentService().streamDirectory(r, tip, "", false, ignore,
                new com.atlassian.bitbucket.util.PageRequestImpl(0, 10)));
        BitbucketEscalation escalation = new BitbucketEscalation(b.securityService());
        assertThrows(com.atlassian.bitbucket.content.NoSuchPathException.class, () -> escalation.reading("test",
                () -> {
                    b.contentService().streamDirectory(r, tip, ".ocelot", false, ignore,
                            new com.atlassian.bitbucket.util.PageRequestImpl(0, 10));
                    return null;
                }));
        BitbucketRepositoryFiles files = new BitbucketRepositoryFiles(b.contentService(), b.repositoryService(),
                escalation);
        assertEquals(List.of(), files.list(repo, tip, ".ocelot"));
        assertEquals("ocelot.yml is a file, not a directory", List.of(), files.list(repo, tip, "ocelot.yml"));
        HarnessRepository git = h.gitRepository(h.repository("PROJ", "listed"));
        git.commit("pipelines", ".ocelot/b.yml", PIPELINE, ".ocelot/a.yml", PIPELINE, ".ocelot/sub/c.yml", PIPELINE);
        String listed = git.pushTo("main");
        assertEquals("one level, files only, in git's order", List.of("a.yml", "b.yml"),
                files.list(h.repository("PROJ", "listed"), listed, ".ocelot"));
    }

    @Test
    public void withoutEscalationBitbucketRefusesEveryAdapter() {
        h.bitbucket().add(repo);
        BitbucketEscalation none = new BitbucketEscalation(notEscalating());
        FakeBitbucket b = h.bitbucket();
        assertThrows(AuthorisationException.class, () -> new BitbucketRepositoryFiles(b.contentService(),
                b.repositoryService(), none).read(repo, tip, "ocelot.yml"));
        assertThrows(AuthorisationException.class, () -> new BitbucketRepositoryFiles(b.contentService(),
                b.repositoryService(), none).list(repo, tip, ".ocelot"));
        assertThrows(AuthorisationException.class, () -> new BitbucketChangesets(b.commitService(),
                b.repositoryService(), none).between(repo, null, tip));
        assertThrows(AuthorisationException.class, () -> new BitbucketRepositoryRefs(b.commitService(),
                b.refService(), b.repositoryService(), none).resolveCommit(repo, tip));
        assertThrows(AuthorisationException.class, () -> new BitbucketStatusPublisher(b.buildStatusService(),
                b.repositoryService(), none).publish(new BuildStatus(repo, tip, "ocelot", StatusState.INPROGRESS,
                "Ocelot #1", "queued", "http://x/1", "refs/heads/main", null, 0, 1)));
        CodeInsightsReport report = new CodeInsightsReport(repo, tip, "ocelot", "Ocelot", "Build #1 failed", false,
                "http://x/1", List.of(), List.of(new CodeInsightsReport.Annotation("ocelot.yml", 1, "failed", "x-1",
                "http://x/1")));
        assertThrows(AuthorisationException.class, () -> new BitbucketInsightsPublisher(b.insightReportService(),
                b.insightAnnotationService(), b.repositoryService(), none).publish(report));
        assertEquals(6, b.refusals().size());
        assertTrue("nothing was stored", b.insightReport(repo, tip, "ocelot").isEmpty());
        // escalated as the plugin does it, the same report goes through
        new BitbucketInsightsPublisher(b.insightReportService(), b.insightAnnotationService(), b.repositoryService(),
                new BitbucketEscalation(b.securityService())).publish(report);
        assertEquals(com.atlassian.bitbucket.codeinsights.report.InsightResult.FAIL,
                b.insightReport(repo, tip, "ocelot").orElseThrow().getResult());
        assertEquals(1, b.insightAnnotations(repo, tip, "ocelot").size());
    }

    @Test
    public void aPersonWhoCannotSeeTheRepositoryGets404NeverA500() throws Exception {
        String repoPath = "/projects/PROJ/repos/secret";
        assertEquals(200, get(repoPath + "/builds", "t-reader").statusCode());
        for (String path : List.of(repoPath + "/builds", repoPath + "/settings")) {
            HttpResponse<String> r = get(path, "t-mallory");
            assertEquals(path + ": " + r.body(), 404, r.statusCode());
            assertTrue(r.body(), Json.read(r.body(), ErrorReply.class).error().contains("does not exist or you do not have permission"));
        }
        HttpResponse<String> missing = get("/projects/PROJ/repos/nothing/builds", "t-mallory");
        assertEquals("a hidden repository looks exactly like a missing one", 404, missing.statusCode());
        HttpResponse<String> project = send("PUT", "/projects/PROJ/auto-enable", "t-mallory", "{\"enabled\":true}");
        assertEquals(project.body(), 403, project.statusCode());
        assertEquals(401, get(repoPath + "/builds", null).statusCode());
    }

    /** Today's adapters: a SecurityService whose contexts add nothing (what calling Bitbucket directly amounts to). */
    private static SecurityService notEscalating() {
        EscalatedSecurityContext asIs = mock(EscalatedSecurityContext.class);
        try {
            doAnswer(a -> a.<Operation<?, ?>>getArgument(0).perform()).when(asIs).call(any());
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
        SecurityService security = mock(SecurityService.class);
        doAnswer(a -> asIs).when(security).withPermission(any(), anyString());
        return security;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.userApiUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
