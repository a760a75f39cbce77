package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;

import java.util.List;

/** How a build ended, with a reason a user can act on ("timeout after 10m in stage \"test\"", "image not found: x"). */
public record BuildOutcome(BuildResult result, String message, List<StageResult> stages) {
    /**
     * How the message of a build ended by a full disk on the werker begins ({@code werker disk full on <werker>: ...}).
     * The plugin stores it as the build's message; the werker takes itself out of rotation.
     */
    public static final String DISK_FULL = "werker disk full on ";

    public BuildOutcome {
        stages = List.copyOf(stages);
    }

    /** The build ended ERRORED because the werker's disk is full. */
    public boolean diskFull() {
        return result == BuildResult.ERRORED && message != null && message.startsWith(DISK_FULL);
    }
}
