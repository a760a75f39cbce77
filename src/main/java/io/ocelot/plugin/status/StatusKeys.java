package io.ocelot.plugin.status;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.plugin.build.Build;

/**
 * The one place that names a build's status line on a commit. A push build and a pull-request build of one commit
 * are different builds with different keys ({@code ocelot} and {@code ocelot-pr}), so neither overwrites the other
 * and a Required-builds merge check can ask for either; a named pipeline adds {@code :NAME}
 * ({@code ocelot:docs}, {@code ocelot-pr:docs}). The parent is the key without the pipeline: it groups a kind's
 * pipelines. A build is a pull-request build when it has a PR id, so a manual rebuild of one keeps its key.
 */
public final class StatusKeys {
    public static final String PUSH = "ocelot";
    public static final String PULL_REQUEST = "ocelot-pr";

    private StatusKeys() {
    }

    public static String key(Build b) {
        return key(b.prId() != 0, b.pipeline());
    }

    public static String parent(Build b) {
        return b.prId() != 0 ? PULL_REQUEST : PUSH;
    }

    public static String key(boolean pullRequest, String pipeline) {
        String base = pullRequest ? PULL_REQUEST : PUSH;
        return pipeline == null || BuildPlan.DEFAULT_PIPELINE.equals(pipeline) ? base : base + ":" + pipeline;
    }
}
