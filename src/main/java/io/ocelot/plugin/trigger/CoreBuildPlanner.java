package io.ocelot.plugin.trigger;

import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineParser;
import io.ocelot.core.lang.Problem;
import io.ocelot.core.plan.BuildEvent;
import io.ocelot.core.plan.Decision;
import io.ocelot.core.plan.Planner;

import javax.inject.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link BuildPlanner} on the shared core: the parser validates, the planner decides, pipeline by pipeline. */
@Named
public class CoreBuildPlanner implements BuildPlanner {
    @Override
    public PlanOutcome plan(String pipeline, String fileName, byte[] content, BuildEvent event) {
        return planAll(List.of(PipelineSource.file(pipeline, fileName, content)), event).get(pipeline);
    }

    @Override
    public Map<String, PlanOutcome> planAll(List<PipelineSource> files, BuildEvent event) {
        Map<String, ParseResult> parsed = parse(files);
        Map<String, PlanOutcome> out = new LinkedHashMap<>();
        for (Map.Entry<String, ParseResult> e : parsed.entrySet()) {
            out.put(e.getKey(), outcome(e.getKey(), e.getValue(), event));
        }
        return out;
    }

    /**
     * The one place a commit's set of pipeline files is parsed (name → file): each file on its own with
     * {@link PipelineParser} for now; a core reader of the whole set, which can check what spans files, replaces
     * the body of this method and nothing else.
     */
    static Map<String, ParseResult> parse(List<PipelineSource> files) {
        Map<String, ParseResult> parsed = new LinkedHashMap<>();
        for (PipelineSource f : files) {
            parsed.put(f.pipeline(), PipelineParser.parse(f.path(), f.content()));
        }
        return parsed;
    }

    private static PlanOutcome outcome(String pipeline, ParseResult parsed, BuildEvent event) {
        if (!parsed.isValid()) {
            return new PlanOutcome.Invalid(parsed.errors().stream().map(Problem::toString).toList());
        }
        Decision decision = new Planner().plan(pipeline, parsed.pipeline(), event);
        if (decision.failed()) {
            return new PlanOutcome.Failed(decision.reason());
        }
        return decision.shouldBuild() ? new PlanOutcome.Planned(decision.plan())
                : new PlanOutcome.NoBuild(decision.reason());
    }
}
