package io.ocelot.plugin.trigger;

import io.ocelot.core.plan.BuildEvent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads pipeline files and plans them for an event. {@link CoreBuildPlanner} is the real one. */
public interface BuildPlanner {
    /** Plans one file, {@code fileName} (its path, for the problems' places), as the pipeline {@code pipeline}. */
    PlanOutcome plan(String pipeline, String fileName, byte[] content, BuildEvent event);

    /**
     * Plans every pipeline file of a commit (none with a {@link PipelineSource#problem}), by pipeline name in the
     * files' order. By default each on its own; {@link CoreBuildPlanner} reads them as one set.
     */
    default Map<String, PlanOutcome> planAll(List<PipelineSource> files, BuildEvent event) {
        Map<String, PlanOutcome> out = new LinkedHashMap<>();
        for (PipelineSource f : files) {
            out.put(f.pipeline(), plan(f.pipeline(), f.path(), f.content(), event));
        }
        return out;
    }
}
