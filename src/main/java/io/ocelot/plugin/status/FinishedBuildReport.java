package io.ocelot.plugin.status;

import io.ocelot.core.build.TestReport;
import io.ocelot.plugin.build.Build;

/**
 * What else a finished build publishes beside its status, with the same test results (the Code Insights report,
 * {@code insights.BuildInsights}). A port of this package, so that the status does not depend on what reports it.
 */
public interface FinishedBuildReport {
    void publish(Build finished, TestReport tests);
}
