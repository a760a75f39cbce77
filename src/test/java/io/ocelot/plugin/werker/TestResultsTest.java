package io.ocelot.plugin.werker;

import io.ocelot.plugin.build.Werker;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.build.TestFailure;
import io.ocelot.core.build.TestReport;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.insights.CodeInsightsReport;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.testkit.RecordingInsightsPublisher;
import org.junit.After;
import org.junit.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * Test results from the werker's stage updates, on the real AO ORM (HSQLDB, and PostgreSQL in its execution): stored
 * per stage under the lease, bounded against a hostile werker, summed into the build status, and turned into the
 * finished build's Code Insights report with annotations only for files that are in the repository.
 */
public class TestResultsTest {
    private final Fixture f = new Fixture();

    @After
    public void close() {
        f.close();
    }

    private Job poll(Werker w) throws InterruptedException {
        f.clock.advance(Duration.ofMillis(1));
        return f.s.werkers.poll(w, new PollRequest(Protocol.VERSION, 1, List.of())).orElseThrow();
    }

    private static TestFailure failure(String test, String file, Integer line) {
        return new TestFailure("com.acme.CartTest", test, "expected 3", "java.lang.AssertionError: expected 3", file, line);
    }

    private void stage(Werker w, long id, Job job, int index, StageStatus status, TestReport tests) {
        f.s.werkers.stage(w, id, new StageUpdate(job.lease(), index, index == 0 ? "unit" : "it", status,
                status == StageStatus.PASSED ? 0 : 1, f.clock.millis(), 10, "exit code", tests));
    }

    @Test
    public void stageResultsAddUpIntoTheStatusAndTheCodeInsightsReport() throws Exception {
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "unit", "it"));
        f.files.put(f.repo, sha(1), "src/test/java/com/acme/CartTest.java", "class CartTest {}");
        Werker w = f.werker("w");
        Job job = poll(w);
        stage(w, b.id(), job, 0, StageStatus.FAILED, new TestReport(5, 2, 1, List.of(
                failure("totals", "com/acme/CartTest.java", 42), failure("generated", "com/acme/Gen.java", 3)),
                List.of("a warning the plugin does not keep")));
        stage(w, b.id(), job, 1, StageStatus.SKIPPED, null);
        f.s.werkers.finish(w, b.id(), new FinishRequest(job.lease(), BuildResult.FAILED, "stage failed", 0));

        TestReport total = f.s.tests.total(b.id());
        assertEquals("5 passed, 2 failed, 1 skipped", total.summary());
        assertEquals(List.of(), total.warnings());
        assertEquals(Integer.valueOf(42), total.failures().get(0).line());
        BuildStatus last = f.statuses.forCommit(sha(1)).get(f.statuses.forCommit(sha(1)).size() - 1);
        assertEquals("5 passed, 2 failed, 1 skipped", last.tests().summary());

        List<CodeInsightsReport> reports = ((RecordingInsightsPublisher) f.s.insightsPublisher).published();
        assertEquals("one report, when the build finished", 1, reports.size());
        CodeInsightsReport r = reports.get(0);
        assertEquals("ocelot", r.key());
        assertEquals(false, r.passed());
        assertTrue(r.data().toString(), r.data().contains(new CodeInsightsReport.Data("Tests",
                CodeInsightsReport.Kind.TEXT, "5 passed, 2 failed, 1 skipped")));
        assertEquals("only the failure whose file is in the repository is annotated", 1, r.annotations().size());
        assertEquals("src/test/java/com/acme/CartTest.java", r.annotations().get(0).path());
        assertEquals(42, r.annotations().get(0).line());
        assertTrue(r.annotations().get(0).message().startsWith("com.acme.CartTest > totals failed: expected 3"));
    }

    @Test
    public void aHostileWerkersResultsAreBounded() throws Exception {
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "unit"));
        Werker w = f.werker("w");
        Job job = poll(w);
        List<TestFailure> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add(new TestFailure("s", "t" + i, "m".repeat(50_000), "x", "../../etc/passwd", -3));
        }
        stage(w, b.id(), job, 0, StageStatus.FAILED, new TestReport(-5, 1, 0, many, List.of()));
        TestReport stored = f.s.tests.total(b.id());
        assertEquals(TestReport.MAX_FAILURES, stored.failures().size());
        assertEquals("counts are never negative", 0, stored.passed());
        assertEquals("failed counts at least the failures kept", TestReport.MAX_FAILURES, stored.failed());
        assertEquals(TestFailure.MAX_MESSAGE, stored.failures().get(0).message().length());
        assertNull("a line before the first is no line", stored.failures().get(0).line());
    }

    @Test
    public void aNewAttemptDoesNotShowTheLastAttemptsResultsAndAStaleLeaseWritesNothing() throws Exception {
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "unit"));
        Werker w = f.werker("w");
        Job first = poll(w);
        stage(w, b.id(), first, 0, StageStatus.FAILED, new TestReport(1, 1, 0, List.of(), List.of()));
        f.clock.advance(f.s.config.lease().plusSeconds(1));
        f.s.reaper.run(); // the werker is lost: the build is queued again
        Job second = poll(w);
        assertThrows(WerkerApiException.class, () -> stage(w, b.id(), first, 0, StageStatus.FAILED,
                new TestReport(9, 9, 9, List.of(), List.of())));
        stage(w, b.id(), second, 0, StageStatus.PASSED, null);
        assertNull("a werker that sends no results (an older one, or no reports) leaves none", f.s.tests.total(b.id()));
    }
}
