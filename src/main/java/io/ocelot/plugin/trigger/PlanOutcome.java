package io.ocelot.plugin.trigger;

import io.ocelot.core.plan.BuildPlan;

import java.util.List;

/** What planning an ocelot.yml for an event gave: a plan, no build (and why), or an invalid file (and its errors). */
public sealed interface PlanOutcome {
    record Planned(BuildPlan plan) implements PlanOutcome {
    }

    record NoBuild(String reason) implements PlanOutcome {
    }

    /**
     * The file is valid but could not be planned for this event (a branch pattern that cannot be decided within
     * the event's matching budget, a plan too large, or the planner itself failed): a failed build with the reason.
     */
    record Failed(String reason) implements PlanOutcome {
    }

    /** {@code errors}: "FILE:LINE:COLUMN: message" lines. */
    record Invalid(List<String> errors) implements PlanOutcome {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }
}
