package io.ocelot.core.plan;

import java.util.List;
import java.util.Map;

/**
 * A sidecar of the build (the file's top-level {@code services:}): started before the first stage on the build's
 * own network, reachable from every stage by {@code name}, stopped and removed with the build. {@code command}
 * replaces the image's command when not empty.
 */
public record ServiceSpec(String name, String image, Map<String, String> env, List<String> command) {
    public ServiceSpec {
        env = env == null ? Map.of() : Map.copyOf(env);
        command = command == null ? List.of() : List.copyOf(command);
    }
}
