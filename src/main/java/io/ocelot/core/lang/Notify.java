package io.ocelot.core.lang;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Where to tell people about finished builds; each part is null when not configured. */
public record Notify(Slack slack, Webhook webhook) {
    public static final Notify NONE = new Notify(null, null);

    /**
     * An unmodifiable copy iterating in the enum's order: the plan is serialised with this set, and a
     * {@code Set.copyOf} iterates in an order that changes from one JVM to the next, so the same file would give a
     * different plan JSON on each run.
     */
    static Set<On> inOrder(Set<On> on) {
        return on.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(on));
    }

    /** When to notify. Default (no {@code on}): both. */
    public enum On { PASS, FAIL }

    /** {@code identifier} names the Slack credential configured in the plugin (the original ocelot's meaning). */
    public record Slack(String channel, String identifier, Set<On> on) {
        public Slack {
            on = inOrder(on);
        }
    }

    public record Webhook(String url, Set<On> on) {
        public Webhook {
            on = inOrder(on);
        }
    }
}
