package io.ocelot.plugin.trigger;

import io.ocelot.plugin.build.Build;

/** What handling a trigger did: created a build, found the existing one, or nothing (and why). */
public record TriggerOutcome(Kind kind, Build build, String reason) {
    public enum Kind { CREATED, EXISTING, SKIPPED }

    static TriggerOutcome skipped(String reason) {
        return new TriggerOutcome(Kind.SKIPPED, null, reason);
    }
}
