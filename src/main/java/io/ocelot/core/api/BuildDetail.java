package io.ocelot.core.api;

import java.util.List;

/**
 * A build with its stages, for the build page, {@code ocelot status} and {@code ocelot show}. {@code message} explains
 * a non-PASSED end in words ("werker lost", "cancelled by alice"), null otherwise. {@code logLength}: bytes of the
 * current attempt's log held so far. {@code attempt}: the current attempt, 1 for a build leased once, 2 after one
 * requeue (the earlier attempts' logs stay readable: {@code GET /builds/{id}/log?attempt=N}), 0 while never leased.
 * {@code tests}: the test counts of the build's test reports, null when it has none (not reported yet, or no reports).
 */
public record BuildDetail(BuildSummary build, List<StageView> stages, String message, long logLength,
                          List<NotificationView> notifications, int attempt, TestCounts tests) {
    public BuildDetail {
        stages = stages == null ? List.of() : List.copyOf(stages);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
    }

    /** A build without attempt number or test counts (attempt 0 when unknown, tests null). */
    public BuildDetail(BuildSummary build, List<StageView> stages, String message, long logLength,
                       List<NotificationView> notifications) {
        this(build, stages, message, logLength, notifications, 0, null);
    }
}
