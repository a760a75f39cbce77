package io.ocelot.werker.engine.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.EngineConfig;

import java.util.Map;
import java.util.function.Consumer;

/**
 * What a build owns on the Docker engine besides its containers: a bridge network of its own when it has services
 * (every container of the build is on it, services answer there by their name; without services the containers stay
 * on Docker's default bridge, which saves creating and removing a network, the dearest Docker calls of a build) and
 * a named volume holding the workspace (mounted by every
 * container of the build at the workspace path). Both carry the build's labels, so the janitor finds them after a
 * crash; both go when the build ends. No host directory is mounted anywhere.
 */
final class BuildNetwork {
    private final String name;
    private final Map<String, String> labels;
    private boolean networkMade;
    private boolean volumeMade;

    BuildNetwork(String name, Map<String, String> labels) {
        this.name = name;
        this.labels = Map.copyOf(labels);
    }

    /** The network's and the volume's name (one name: they belong to one build). */
    String name() {
        return name;
    }

    /** The network the build's containers join: its own, or null (Docker's default) when it made none. */
    String networkMode() {
        return networkMade ? name : null;
    }

    /** The workspace volume, and the network when {@code withNetwork} (the build has services). */
    void create(DockerCalls calls, Consumer<String> system, boolean withNetwork) throws BuildError {
        // the volume is the workspace's place, as the container's filesystem was: no line of its own in the log
        if (withNetwork) {
            system.accept("$ creating network " + name);
            calls.call("create the build's network", () -> calls.client().createNetworkCmd().withName(name)
                    .withDriver("bridge").withCheckDuplicate(true).withLabels(labels).exec());
            networkMade = true;
        }
        // The volume is made by the build container's mount, with these labels (DockerExecutor's host config):
        // one Docker call fewer per build. From here on it is the build's to remove.
        volumeMade = true;
    }

    /** After every container of the build is gone; a failure is said in the log, the janitor removes it later. */
    void remove(DockerCalls calls, EngineConfig config, Consumer<String> system) {
        if (networkMade) {
            removeTwice(calls, config, system, "network", c -> removeNetwork(c, name));
        }
        if (volumeMade) {
            removeTwice(calls, config, system, "volume", c -> removeVolume(c, name));
        }
    }

    private interface Removal {
        void run(DockerCalls calls) throws BuildError;
    }

    private void removeTwice(DockerCalls calls, EngineConfig config, Consumer<String> system, String what,
                             Removal removal) {
        try {
            removal.run(calls);
        } catch (BuildError | RuntimeException e) {
            // the client may have been closed after a hang, or Docker had not let go yet: once more, fresh
            try (DockerCalls fresh = new DockerCalls(config)) {
                removal.run(fresh);
            } catch (BuildError | RuntimeException again) {
                system.accept("could not remove " + what + " " + name + " (" + again.getMessage()
                        + "); the werker's janitor removes it later");
            }
        }
    }

    static void removeNetwork(DockerCalls calls, String idOrName) throws BuildError {
        try {
            calls.call("remove network", () -> calls.client().removeNetworkCmd(idOrName).exec());
        } catch (NotFoundException gone) {
            // already gone
        }
    }

    static void removeVolume(DockerCalls calls, String name) throws BuildError {
        try {
            calls.call("remove volume", () -> calls.client().removeVolumeCmd(name).exec());
        } catch (NotFoundException gone) {
            // already gone
        } catch (DockerException inUse) {
            throw new BuildError(DockerCalls.dockerMessage(inUse), inUse);
        }
    }
}
