package io.ocelot.core.api;

import java.util.List;

/**
 * What {@code GET /status?ref=} found: the repository ("PROJECT/repo") and, when asked by hash, the full commit;
 * its builds newest first, up to the limit asked; and its triggers not yet turned into builds (pending, or failed
 * with their reason), newest first.
 */
public record StatusReply(String repository, String commit, List<BuildSummary> builds, List<TriggerView> triggers) {
    public StatusReply {
        builds = builds == null ? List.of() : List.copyOf(builds);
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
    }

    public StatusReply(String repository, String commit, List<BuildSummary> builds) {
        this(repository, commit, builds, List.of());
    }
}
