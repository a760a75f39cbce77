package io.ocelot.plugin.uistore;

import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.ui.BuildAttempts;
import io.ocelot.plugin.ui.UserFacingException;

import javax.inject.Inject;
import javax.inject.Named;

/** {@link BuildAttempts} over the AO store: the build row's attempt number (each lease starts the next one). */
@Named
public class StoreBuildAttempts implements BuildAttempts {
    private final BuildStore builds;

    @Inject
    public StoreBuildAttempts(BuildStore builds) {
        this.builds = builds;
    }

    @Override
    public int attempts(long buildId) {
        return builds.find(buildId)
                .orElseThrow(() -> UserFacingException.notFound("Build " + buildId + " does not exist."))
                .attempt();
    }
}
