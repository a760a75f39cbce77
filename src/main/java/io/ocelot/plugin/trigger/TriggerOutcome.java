package io.ocelot.plugin.trigger;

import io.ocelot.plugin.build.Build;

/**
 * What handling a trigger did: created a build, found the existing one, or nothing (and why): SKIPPED when the
 * repository or the pipeline said no, NO_PIPELINE when there is no ocelot.yml at the commit.
 */
public record TriggerOutcome(Kind kind, Build build, String reason) {
    public enum Kind { CREATED, EXISTING, SKIPPED, NO_PIPELINE }

    static TriggerOutcome skipped(String reason) {
        return new TriggerOutcome(Kind.SKIPPED, null, reason);
    }
}
