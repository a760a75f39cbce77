package io.ocelot.e2e;

import com.atlassian.bitbucket.build.status.RepositoryBuildStatusSetRequest;
import com.atlassian.bitbucket.codeinsights.annotation.SingleAddInsightAnnotationRequest;
import com.atlassian.bitbucket.codeinsights.report.InsightResult;
import com.atlassian.bitbucket.codeinsights.report.SetInsightReportRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.ocelot.core.Json;
import io.ocelot.core.build.TestReport;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.Rule;
import org.junit.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Issue 11's test results: a stage writes a Surefire report with one failing test whose trace points into the
 * repository; the real werker reads it out of the Docker container after the stage failed, and the user sees the
 * counts and the failure on the build page and in the REST build detail, the build status carries testResults, and
 * the commit gets a Code Insights report (FAIL) with an annotation at the test's file:line.
 */
public class TestReportsE2eTest {
    @Rule
    public final E2eRig rig = new E2eRig();

    private static final String TEST_FILE = "src/test/java/com/acme/CartTest.java";
    private static final String PIPELINE = "image: " + E2eRig.IMAGE + "\n" + """
            stages:
              - name: test
                reports:
                  junit: ['target/surefire-reports/*.xml']
                script:
                  - mkdir -p target/surefire-reports
                  - |
                    cat > target/surefire-reports/TEST-com.acme.CartTest.xml <<'XML'
                    <?xml version="1.0" encoding="UTF-8"?>
                    <testsuite name="com.acme.CartTest" tests="2" failures="1" errors="0" skipped="0">
                      <testcase name="addsItems" classname="com.acme.CartTest" time="0.01"/>
                      <testcase name="totals" classname="com.acme.CartTest" time="0.02">
                        <failure message="expected:&lt;3&gt; but was:&lt;2&gt;" type="java.lang.AssertionError">java.lang.AssertionError: expected:&lt;3&gt; but was:&lt;2&gt;
                    	at org.junit.Assert.assertEquals(Assert.java:146)
                    	at com.acme.CartTest.totals(CartTest.java:42)
                    </failure>
                      </testcase>
                    </testsuite>
                    XML
                  - 'echo "Tests run: 2, Failures: 1"'
                  - exit 1
            """;

    @Test
    public void aFailingJunitReportEndsOnThePageInTheStatusAndInCodeInsights() throws Exception {
        PluginHarness h = rig.plugin(PluginHarness.options().config(E2eRig.config()).reposRoot(rig.dir("repos"))
                .pages(true));
        RepositoryRef repo = h.enableRepository("PROJ", "reports");
        GitRepo git = rig.git(h, repo);
        git.write(TEST_FILE, IntStream.rangeClosed(1, 50).mapToObj(i -> "// line " + i)
                .collect(Collectors.joining("\n", "", "\n")));
        String commit = git.commitPipeline("main", PIPELINE, "a failing test");
        rig.start(rig.werker(h, "reports")).awaitTakingWork();
        Build queued = h.push(repo, "main", null, commit).get(0);

        BuildStatus done = h.statuses().awaitFinal(commit, 90_000);
        assertNotNull("no final status on " + commit, done);
        assertEquals(StatusState.FAILED, done.state());
        TestReport tests = done.tests();
        assertNotNull("the final status carries the test results; " + done.description() + "; "
                + h.builds().find(queued.id()).orElseThrow().message() + "; log:\n"
                + new String(h.logs().readAll(queued.id(), 1), java.nio.charset.StandardCharsets.UTF_8), tests);
        assertEquals("1 passed, 1 failed, 0 skipped", tests.summary());

        // what Bitbucket was asked to store: testResults, buildNumber and duration
        RepositoryBuildStatusSetRequest last = h.bitbucket().statusRequests().stream()
                .filter(r -> r.getCommitId().equals(commit)).reduce((a, b) -> b).orElseThrow();
        assertEquals(1, last.getTestResults().getSuccessful());
        assertEquals(1, last.getTestResults().getFailed());
        assertEquals(0, last.getTestResults().getSkipped());
        assertEquals(Long.toString(queued.id()), last.getBuildNumber());
        assertTrue(last.getDuration() != null && last.getDuration() > 0);

        // the Code Insights report on the commit, under the status key, and the failing test's annotation (it is
        // published right after the final status)
        E2eRig.await("the Code Insights report of build " + queued.id(), java.time.Duration.ofSeconds(20),
                () -> !h.insights().published().isEmpty());
        SetInsightReportRequest report = h.bitbucket().insightReport(repo, commit, "ocelot").orElseThrow(
                () -> new AssertionError("no Code Insights report; refusals: " + h.bitbucket().refusals()));
        assertEquals(InsightResult.FAIL, report.getResult());
        assertTrue(report.getLink(), report.getLink().endsWith("/builds/" + queued.id()));
        assertTrue(report.getData().stream().anyMatch(d -> d.getTitle().equals("Tests")
                && "1 passed, 1 failed, 0 skipped".equals(d.getValue())));
        List<SingleAddInsightAnnotationRequest> annotations = h.bitbucket().insightAnnotations(repo, commit, "ocelot");
        assertEquals(1, annotations.size());
        SingleAddInsightAnnotationRequest a = annotations.get(0);
        assertEquals(TEST_FILE, a.getPath());
        assertEquals(42, a.getLine());
        assertTrue(a.getMessage(), a.getMessage().startsWith("com.acme.CartTest > totals failed: expected:<3> but was:<2>"));

        // the build page and the REST build detail, as a user who may read the repository
        h.users().user("reader", "t-reader")
                .grant("reader", new io.ocelot.plugin.ui.RepositoryName("PROJ", "reports"), RepoPermission.REPO_READ);
        String page = get(h.pagesUrl() + "/plugins/servlet/ocelot/projects/PROJ/repos/reports/builds/" + queued.id());
        assertTrue(page, page.contains("<span class=\"ocelot-tests-passed\">1 passed</span>"));
        assertTrue(page, page.contains("<span class=\"ocelot-tests-failed\">1 failed</span>"));
        assertTrue(page, page.contains("<details class=\"ocelot-test-failure\">"));
        assertTrue(page, page.contains("com.acme.CartTest &gt; totals"));
        assertTrue(page, page.contains("com/acme/CartTest.java:42"));
        JsonNode detail = Json.mapper().readTree(get(h.userApiUrl() + "/builds/" + queued.id()));
        assertEquals(1, detail.path("tests").path("passed").asInt());
        assertEquals(1, detail.path("tests").path("failed").asInt());
        assertEquals(0, detail.path("tests").path("skipped").asInt(-1));
        JsonNode failure = detail.path("failures").get(0);
        assertEquals("totals", failure.path("test").asText());
        assertEquals("com/acme/CartTest.java", failure.path("file").asText());
        assertEquals(42, failure.path("line").asInt());
        assertTrue(E2eRig.stageOutput(h, queued.id(), 1), E2eRig.stageOutput(h, queued.id(), 1)
                .contains("Tests run: 2, Failures: 1"));
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer t-reader").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(url + ": " + r.body(), 200, r.statusCode());
        return r.body();
    }
}
