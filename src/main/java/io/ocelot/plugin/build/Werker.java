package io.ocelot.plugin.build;

import java.util.List;

/** A registered build agent. {@code labels}: the machine tags it serves. */
public record Werker(long id, String name, List<String> labels, int maxBuilds, String version, long registeredAt,
                     long lastSeenAt, boolean revoked) {
    public Werker {
        labels = List.copyOf(labels);
    }

    /** Image builds (no machine tag) go to any werker; a machine-tag build only to a werker with that label. */
    public boolean serves(String machineTag) {
        return machineTag == null || machineTag.isEmpty() || labels.contains(machineTag);
    }
}
