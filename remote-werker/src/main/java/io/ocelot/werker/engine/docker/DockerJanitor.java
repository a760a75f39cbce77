package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.EngineConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A werker's housekeeping on its Docker engine: containers of builds it no longer runs (a crash, a kill -9, a
 * failed removal) and images nothing has used for a while. Every call has the engine's deadline.
 */
public final class DockerJanitor {
    private final EngineConfig config;

    public DockerJanitor(EngineConfig config) {
        this.config = config;
    }

    /**
     * Force-removes every container labelled {@code ocelot.werker=<werkerName>} whose {@code ocelot.build} is not in
     * {@code runningBuildIds}, and returns the build ids it found on them (a werker reports those builds as
     * interrupted). Containers of other werkers sharing the engine are left alone.
     */
    public Set<Long> removeLeftovers(String werkerName, Set<Long> runningBuildIds) throws BuildError {
        Set<Long> found = new TreeSet<>();
        try (DockerCalls calls = new DockerCalls(config)) {
            List<Container> mine = calls.call("list containers", () -> calls.client().listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of(DockerExecutor.LABEL_WERKER, werkerName))
                    .exec());
            for (Container c : mine) {
                String label = c.getLabels() == null ? null : c.getLabels().get(DockerExecutor.LABEL_BUILD);
                Long build = parse(label);
                if (build != null && runningBuildIds.contains(build)) {
                    continue;
                }
                if (build != null) {
                    found.add(build);
                }
                try {
                    DockerExecutor.removeContainer(calls, c.getId());
                } catch (DockerException e) {
                    // being removed already ("removal in progress"): fine
                }
            }
        }
        return found;
    }

    /**
     * Best effort: removes images that no container (running or stopped) uses and that were created longer than
     * {@code unusedFor} ago — Docker keeps no last-used time, so creation time stands in for it, as in
     * {@code docker image prune -a --filter until=...}. Returns the removed images' ids. An image Docker refuses to
     * remove (in use meanwhile, a child image) is skipped.
     */
    public List<String> pruneImages(Duration unusedFor) throws BuildError {
        List<String> removed = new ArrayList<>();
        long cutoff = Instant.now().minus(unusedFor).getEpochSecond();
        try (DockerCalls calls = new DockerCalls(config)) {
            Set<String> inUse = new HashSet<>();
            for (Container c : calls.call("list containers", () -> calls.client().listContainersCmd()
                    .withShowAll(true).exec())) {
                inUse.add(c.getImageId());
            }
            List<Image> images = calls.call("list images", () -> calls.client().listImagesCmd().exec());
            for (Image img : images) {
                if (inUse.contains(img.getId()) || img.getCreated() == null || img.getCreated() > cutoff) {
                    continue;
                }
                try {
                    calls.call("remove image", () -> calls.client().removeImageCmd(img.getId()).withForce(false)
                            .exec());
                    removed.add(img.getId());
                } catch (DockerException e) {
                    // in use, or has children: leave it
                }
            }
        }
        return removed;
    }

    private static Long parse(String s) {
        try {
            return s == null ? null : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
