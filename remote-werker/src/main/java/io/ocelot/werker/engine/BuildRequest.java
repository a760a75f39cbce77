package io.ocelot.werker.engine;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.core.protocol.Messages.RegistryAuth;

import java.nio.file.Path;
import java.util.Map;

/**
 * One build to run. The source is either a clone ({@code source} + {@code commit}) — the agent's case — or a local
 * directory copied as it is ({@code localDir}) — {@code ocelot exec}'s case. {@code secrets} go into the stage
 * environment and are masked in the log.
 */
public record BuildRequest(long buildId,
                           String werkerName,
                           BuildPlan plan,
                           CloneSpec source,
                           String commit,
                           String branch,
                           Path localDir,
                           Map<String, String> secrets,
                           RegistryAuth registryAuth) {
    public BuildRequest {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }
}
