package io.ocelot.core.lang;

import java.util.Set;

/** Where to tell people about finished builds; each part is null when not configured. */
public record Notify(Slack slack, Webhook webhook) {
    public static final Notify NONE = new Notify(null, null);

    /** When to notify. Default (no {@code on}): both. */
    public enum On { PASS, FAIL }

    /** {@code identifier} names the Slack credential configured in the plugin (the original ocelot's meaning). */
    public record Slack(String channel, String identifier, Set<On> on) {
        public Slack {
            on = Set.copyOf(on);
        }
    }

    public record Webhook(String url, Set<On> on) {
        public Webhook {
            on = Set.copyOf(on);
        }
    }
}
