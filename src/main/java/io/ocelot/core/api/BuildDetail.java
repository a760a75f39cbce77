package io.ocelot.core.api;

import io.ocelot.core.build.TestFailure;

import java.util.List;

/**
 * A build with its stages, for the build page and {@code ocelot status}. {@code message} explains a non-PASSED end in
 * words ("werker lost", "cancelled by alice"), null otherwise. {@code logLength}: bytes of log held so far.
 * {@code tests}: the counts of the stages that read JUnit reports (null when none did); {@code failures}: the failing
 * tests (suite, test, message, first lines of the trace, file and line when the trace has one).
 */
public record BuildDetail(BuildSummary build, List<StageView> stages, String message, long logLength,
                          List<NotificationView> notifications, TestCounts tests, List<TestFailure> failures) {
    public BuildDetail {
        stages = stages == null ? List.of() : List.copyOf(stages);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** A build without test results. */
    public BuildDetail(BuildSummary build, List<StageView> stages, String message, long logLength,
                       List<NotificationView> notifications) {
        this(build, stages, message, logLength, notifications, null, List.of());
    }
}
