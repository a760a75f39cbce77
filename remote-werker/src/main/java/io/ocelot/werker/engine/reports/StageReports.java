package io.ocelot.werker.engine.reports;

import io.ocelot.core.build.TestReport;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.werker.engine.Executor;

import java.util.function.Consumer;

/** The one call the build loop makes after a stage ran (passed or failed): its test reports, if it names any. */
public final class StageReports {
    private StageReports() {
    }

    /** Null when the stage names no reports or the session cannot reach the workspace; never throws. */
    public static TestReport read(PlannedStage stage, Executor.Session session, Consumer<String> log) {
        if (stage.junitReports().isEmpty() || session == null) {
            return null;
        }
        ReportFiles files = session.reportFiles();
        if (files == null) {
            return null;
        }
        try {
            return TestReportCollector.collect(stage.junitReports(), files, log);
        } catch (RuntimeException e) { // a report must never take the build down with it
            log.accept("warning: could not read the stage's test reports: " + e);
            return null;
        }
    }
}
