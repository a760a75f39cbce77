package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.activeobjects.external.ActiveObjectsUpgradeTask;
import com.atlassian.activeobjects.external.ModelVersion;

/**
 * Scaffold for schema upgrades. Model version 1 is the first schema; AO creates it from the entities, so there is
 * nothing to convert yet. A future version adds a branch here ({@code if (current.isOlderThan(...))}) that migrates
 * the new entity set and rewrites rows.
 */
public final class OcelotUpgradeTask implements ActiveObjectsUpgradeTask {
    static final ModelVersion VERSION = ModelVersion.valueOf("1");

    @Override
    public ModelVersion getModelVersion() {
        return VERSION;
    }

    @Override
    public void upgrade(ModelVersion currentVersion, ActiveObjects ao) {
        ao.migrate(OcelotEntities.array());
    }
}
