package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.command.ListVolumesResponse;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.EngineConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A werker's housekeeping on its Docker engine: containers, networks and workspace volumes of builds it no longer
 * runs (a crash, a kill -9, a failed removal) and the images it pulled that no build has used for a while or that exceed its budget. Every call has the engine's deadline.
 */
public final class DockerJanitor {
    private final EngineConfig config;

    public DockerJanitor(EngineConfig config) {
        this.config = config;
    }

    /**
     * Force-removes every container labelled {@code ocelot.werker=<werkerName>} whose {@code ocelot.build} is not in
     * {@code runningBuildIds}, then that werker's build networks and workspace volumes of the same builds, and returns
     * the build ids it found on them (a werker reports those builds as interrupted). What other werkers sharing the
     * engine made is left alone.
     */
    public Set<Long> removeLeftovers(String werkerName, Set<Long> runningBuildIds) throws BuildError {
        return removeLeftovers(werkerName, runningBuildIds, Set.of());
    }

    /**
     * {@link #removeLeftovers(String, Set)}, leaving the containers {@code keep} (the werker's ready container and
     * those its running builds adopted, {@link ReadyContainers#inUse()}: they carry no build's label) and their
     * volumes; any other ready container or ready volume of the werker is a leftover.
     */
    public Set<Long> removeLeftovers(String werkerName, Set<Long> runningBuildIds, Set<String> keep)
            throws BuildError {
        Set<Long> found = new TreeSet<>();
        Set<String> keptVolumes = new HashSet<>();
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
                if (keep.contains(c.getId())) {
                    if (c.getNames() != null) {
                        for (String n : c.getNames()) {
                            keptVolumes.add(n.replaceFirst("^/", "")); // a ready container's volume has its name
                        }
                    }
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
            List<String> mineOnly = List.of(DockerExecutor.LABEL_WERKER + "=" + werkerName);
            for (Network n : calls.call("list networks", () -> calls.client().listNetworksCmd()
                    .withFilter("label", mineOnly).exec())) {
                Long build = parse(n.getLabels() == null ? null : n.getLabels().get(DockerExecutor.LABEL_BUILD));
                if (build == null || !werkerName.equals(n.getLabels().get(DockerExecutor.LABEL_WERKER))
                        || runningBuildIds.contains(build)) {
                    continue;
                }
                found.add(build);
                try {
                    BuildNetwork.removeNetwork(calls, n.getId());
                } catch (DockerException e) {
                    // still in use by a container being removed: the next round takes it
                }
            }
            ListVolumesResponse volumes = calls.call("list volumes", () -> calls.client().listVolumesCmd()
                    .withFilter("label", mineOnly).exec());
            for (InspectVolumeResponse v : volumes.getVolumes() == null ? List.<InspectVolumeResponse>of()
                    : volumes.getVolumes()) {
                Long build = parse(v.getLabels() == null ? null : v.getLabels().get(DockerExecutor.LABEL_BUILD));
                boolean readyVolume = v.getLabels() != null && v.getLabels().containsKey(ReadyContainers.LABEL_READY);
                if (readyVolume && werkerName.equals(v.getLabels().get(DockerExecutor.LABEL_WERKER))
                        && !keptVolumes.contains(v.getName())) {
                    try {
                        BuildNetwork.removeVolume(calls, v.getName());
                    } catch (BuildError e) {
                        // still in use by a container being removed (or one just made ready): the next round takes it
                    }
                    continue;
                }
                if (build == null || !werkerName.equals(v.getLabels().get(DockerExecutor.LABEL_WERKER))
                        || runningBuildIds.contains(build)) {
                    continue;
                }
                found.add(build);
                try {
                    BuildNetwork.removeVolume(calls, v.getName());
                } catch (BuildError e) {
                    // still in use by a container being removed: the next round takes it
                }
            }
        }
        return found;
    }

    /**
     * Best effort: removes images this werker pulled ({@code ledger}) that no container (running or stopped) uses:
     * first those no build here used for {@code unusedFor}, then, least recently used first, as many as it takes to
     * bring what this werker pulled within {@code budgetBytes} (0: no budget). Images someone else put on the engine
     * are not in the ledger and are never touched; an image is removed by the reference that was pulled, so other
     * tags of it stay. One Docker refuses to remove (in use meanwhile, a child image) is skipped. Returns the
     * references removed, in the order they were.
     */
    public List<String> pruneImages(ImageLedger ledger, Duration unusedFor, long budgetBytes) throws BuildError {
        List<String> removed = new ArrayList<>();
        long cutoff = Instant.now().minus(unusedFor).toEpochMilli();
        try (DockerCalls calls = new DockerCalls(config)) {
            Set<String> inUse = new HashSet<>();
            for (Container c : calls.call("list containers", () -> calls.client().listContainersCmd()
                    .withShowAll(true).exec())) {
                inUse.add(c.getImageId());
            }
            Map<String, Long> lastUse = ledger.byLastUse(); // oldest first
            Map<String, String> ids = new LinkedHashMap<>();
            Map<String, Long> sizes = new HashMap<>();
            long total = 0;
            for (String ref : lastUse.keySet()) {
                try {
                    InspectImageResponse img = calls.call("inspect image " + ref,
                            () -> calls.client().inspectImageCmd(ref).exec());
                    ids.put(ref, img.getId());
                    long size = img.getSize() == null ? 0 : img.getSize();
                    sizes.put(ref, size);
                    total += size;
                } catch (NotFoundException e) {
                    ledger.forget(ref); // removed by someone else: nothing of ours left
                }
            }
            for (String ref : ids.keySet()) {
                boolean stale = lastUse.get(ref) < cutoff;
                boolean overBudget = budgetBytes > 0 && total > budgetBytes;
                if ((!stale && !overBudget) || inUse.contains(ids.get(ref))) {
                    continue;
                }
                try {
                    calls.call("remove image " + ref, () -> calls.client().removeImageCmd(ref).withForce(false)
                            .exec());
                    ledger.forget(ref);
                    removed.add(ref);
                    total -= sizes.get(ref);
                } catch (NotFoundException e) {
                    ledger.forget(ref);
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
