package io.ocelot.core.api;

import java.util.List;

/**
 * A build with its stages, for the build page and {@code ocelot status}. {@code message} explains a non-PASSED end in
 * words ("werker lost", "cancelled by alice"), null otherwise. {@code logLength}: bytes of log held so far.
 */
public record BuildDetail(BuildSummary build, List<StageView> stages, String message, long logLength,
                          List<NotificationView> notifications) {
    public BuildDetail {
        stages = stages == null ? List.of() : List.copyOf(stages);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
    }
}
