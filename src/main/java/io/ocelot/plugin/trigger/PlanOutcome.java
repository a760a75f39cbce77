package io.ocelot.plugin.trigger;

import io.ocelot.core.plan.BuildPlan;

import java.util.List;

/** What planning an ocelot.yml for an event gave: a plan, no build (and why), or an invalid file (and its errors). */
public sealed interface PlanOutcome {
    record Planned(BuildPlan plan) implements PlanOutcome {
    }

    record NoBuild(String reason) implements PlanOutcome {
    }

    /** {@code errors}: "FILE:LINE:COLUMN: message" lines. */
    record Invalid(List<String> errors) implements PlanOutcome {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }
}
