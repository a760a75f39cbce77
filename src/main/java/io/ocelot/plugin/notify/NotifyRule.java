package io.ocelot.plugin.notify;

import io.ocelot.core.api.ApiBuildState;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code notify} entry of an ocelot.yml, as the plugin core hands it over from the parsed file:
 * {@code notify.slack {channel, identifier, on}} or {@code notify.webhook {url, on}}. {@code on} is a set of
 * {@link On}; empty means both.
 */
public sealed interface NotifyRule {
    enum On {
        PASS, FAIL;

        /** PASSED → PASS; FAILED and ERRORED → FAIL; a cancelled or unfinished build notifies nobody. */
        public static On of(ApiBuildState state) {
            return switch (state) {
                case PASSED -> PASS;
                case FAILED, ERRORED -> FAIL;
                default -> null;
            };
        }
    }

    Set<On> on();

    default boolean firesOn(ApiBuildState state) {
        return firesOn(on(), state);
    }

    /** Whether an entry with this {@code on} set (empty: both) is meant for a build that ended so. */
    static boolean firesOn(Set<On> on, ApiBuildState state) {
        On o = On.of(state);
        return o != null && (on.isEmpty() || on.contains(o));
    }

    /** Posts to the Slack-compatible incoming webhook the repository settings name {@code identifier}. */
    record Slack(String channel, String identifier, Set<On> on) implements NotifyRule {
        public Slack {
            Objects.requireNonNull(identifier, "identifier");
            on = on == null ? Set.of() : Set.copyOf(on);
        }
    }

    /** Posts a JSON build summary to {@code url}. */
    record Webhook(URI url, Set<On> on) implements NotifyRule {
        public Webhook {
            Objects.requireNonNull(url, "url");
            on = on == null ? Set.of() : Set.copyOf(on);
        }
    }
}
