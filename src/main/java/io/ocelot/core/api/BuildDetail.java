package io.ocelot.core.api;

import io.ocelot.core.build.TestFailure;

import java.util.List;

/**
 * A build with its stages, for the build page, {@code ocelot status} and {@code ocelot show}. {@code message} explains
 * a non-PASSED end in words ("werker lost", "cancelled by alice"), null otherwise. {@code logLength}: bytes of the
 * current attempt's log held so far. {@code attempt}: the current attempt, 1 for a build leased once, 2 after one
 * requeue (the earlier attempts' logs stay readable: {@code GET /builds/{id}/log?attempt=N}), 0 while never leased.
 * {@code tests}: the counts of the stages that read JUnit reports (null when none did); {@code failures}: the failing
 * tests (suite, test, message, first lines of the trace, file and line when the trace has one).
 */
public record BuildDetail(BuildSummary build, List<StageView> stages, String message, long logLength,
                          List<NotificationView> notifications, int attempt, TestCounts tests,
                          List<TestFailure> failures) {
    public BuildDetail {
        stages = stages == null ? List.of() : List.copyOf(stages);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** A build without attempt number or test results (attempt 0 when unknown). */
    public BuildDetail(BuildSummary build, List<StageView> stages, String message, long logLength,
                       List<NotificationView> notifications) {
        this(build, stages, message, logLength, notifications, 0, null, List.of());
    }
}
