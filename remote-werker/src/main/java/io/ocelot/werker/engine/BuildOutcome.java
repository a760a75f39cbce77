package io.ocelot.werker.engine;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageResult;

import java.util.List;

/** How a build ended, with a reason a user can act on ("timeout after 10m in stage \"test\"", "image not found: x"). */
public record BuildOutcome(BuildResult result, String message, List<StageResult> stages) {
    public BuildOutcome {
        stages = List.copyOf(stages);
    }
}
