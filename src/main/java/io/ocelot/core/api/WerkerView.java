package io.ocelot.core.api;

import java.util.List;

/** A registered werker as admins see it. {@code state}: ONLINE (polled recently), BUSY, OFFLINE, DISABLED. */
public record WerkerView(long id, String name, List<String> labels, String state, int maxBuilds, int runningBuilds,
                         Long lastSeenAt, String version) {
    public WerkerView {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
