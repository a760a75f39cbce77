package io.ocelot.werker.agent;

import java.time.Duration;

/** Removes images no build has used for {@code unusedFor}, so a long-lived build host does not fill its disk. */
@FunctionalInterface
public interface ImagePruner {
    void pruneImages(Duration unusedFor);
}
