package io.ocelot.werker.engine;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.core.protocol.Messages.RegistryAuth;
import io.ocelot.werker.engine.files.ArtifactSink;

import java.nio.file.Path;
import java.util.Map;

/**
 * One build to run. The source is either a clone ({@code source} + {@code commit}) — the agent's case — or a local
 * directory copied as it is ({@code localDir}) — {@code ocelot exec}'s case. {@code secrets} go into the stage
 * environment and are masked in the log. {@code repository}: whose build it is, which keeps caches apart (the job's
 * repository; exec: the project's absolute path); null keeps no caches. {@code artifacts}: where the stages'
 * artifacts go (null: nowhere).
 */
public record BuildRequest(long buildId,
                           String werkerName,
                           BuildPlan plan,
                           CloneSpec source,
                           String commit,
                           String branch,
                           Path localDir,
                           Map<String, String> secrets,
                           RegistryAuth registryAuth,
                           String repository,
                           ArtifactSink artifacts) {
    public BuildRequest {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    /** A build that keeps no caches or artifacts. */
    public BuildRequest(long buildId, String werkerName, BuildPlan plan, CloneSpec source, String commit,
                        String branch, Path localDir, Map<String, String> secrets, RegistryAuth registryAuth) {
        this(buildId, werkerName, plan, source, commit, branch, localDir, secrets, registryAuth, null, null);
    }
}
