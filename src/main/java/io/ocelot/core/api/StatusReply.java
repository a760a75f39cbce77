package io.ocelot.core.api;

import java.util.List;

/**
 * What {@code GET /status?ref=} found: the repository ("PROJECT/repo") and, when asked by hash, the full commit;
 * its builds newest first, up to the limit asked.
 */
public record StatusReply(String repository, String commit, List<BuildSummary> builds) {
    public StatusReply {
        builds = builds == null ? List.of() : List.copyOf(builds);
    }
}
