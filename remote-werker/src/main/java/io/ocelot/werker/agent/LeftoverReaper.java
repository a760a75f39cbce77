package io.ocelot.werker.agent;

import java.util.Set;

/**
 * Removes this werker's build containers that no running build owns (a crash, a kill -9, a lost daemon call).
 * Implemented by the engine's Docker janitor; a werker without Docker passes one that finds nothing.
 */
@FunctionalInterface
public interface LeftoverReaper {
    /** @return the build ids whose leftovers were found and removed */
    Set<Long> removeLeftovers(String werkerName, Set<Long> runningBuildIds);
}
