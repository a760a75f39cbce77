package io.ocelot.core.api;

import java.util.List;
import java.util.Map;

/**
 * A repository's Ocelot settings as GET returns them and PUT takes them. Secret values and notification URLs are
 * write-only: GET lists {@code secretNames} and target identifiers only; PUT sets {@code secrets} (name → value; the
 * other existing secrets stay) and drops {@code removeSecrets}. A PUT changes the fields it sends; a field left out keeps its value (a partial update).
 */
public record SettingsView(boolean enabled,
                           List<String> werkerLabels,
                           boolean buildTags,
                           boolean buildPullRequests,
                           boolean autoCancel,
                           String buildGroup,
                           List<String> secretNames,
                           Map<String, String> secrets,
                           List<String> removeSecrets,
                           List<Target> notificationTargets) {
    public SettingsView {
        werkerLabels = werkerLabels == null ? List.of() : List.copyOf(werkerLabels);
        secretNames = secretNames == null ? List.of() : List.copyOf(secretNames);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        removeSecrets = removeSecrets == null ? List.of() : List.copyOf(removeSecrets);
        notificationTargets = notificationTargets == null ? List.of() : List.copyOf(notificationTargets);
    }

    /**
     * A Slack incoming-webhook the ocelot.yml names by {@code identifier} ({@code notify.slack.identifier}).
     * {@code url} only on PUT (null keeps the stored one); GET answers {@code host} instead.
     */
    public record Target(String identifier, String url, String host) {
    }
}
