package io.ocelot.plugin.trigger;

import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineParser;
import io.ocelot.core.lang.Problem;
import io.ocelot.core.plan.BuildEvent;
import io.ocelot.core.plan.Decision;
import io.ocelot.core.plan.Planner;

import javax.inject.Named;

/** {@link BuildPlanner} on the shared core: the parser validates, the planner decides. */
@Named
public class CoreBuildPlanner implements BuildPlanner {
    @Override
    public PlanOutcome plan(String fileName, byte[] content, BuildEvent event) {
        ParseResult parsed = PipelineParser.parse(fileName, content);
        if (!parsed.isValid()) {
            return new PlanOutcome.Invalid(parsed.errors().stream().map(Problem::toString).toList());
        }
        Decision decision = new Planner().plan(parsed.pipeline(), event);
        if (decision.failed()) {
            return new PlanOutcome.Failed(decision.reason());
        }
        return decision.shouldBuild() ? new PlanOutcome.Planned(decision.plan())
                : new PlanOutcome.NoBuild(decision.reason());
    }
}
