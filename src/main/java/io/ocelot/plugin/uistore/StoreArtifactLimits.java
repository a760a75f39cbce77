package io.ocelot.plugin.uistore;

import io.ocelot.plugin.store.ArtifactSettings;
import io.ocelot.plugin.ui.ArtifactLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;

/** {@link ArtifactLimits} over the artifact settings ({@code SETTING artifacts.*}). */
@Named
public class StoreArtifactLimits implements ArtifactLimits {
    private static final Logger log = LoggerFactory.getLogger(StoreArtifactLimits.class);
    private static final long MIB = 1024 * 1024;
    private final ArtifactSettings settings;

    @Inject
    public StoreArtifactLimits(ArtifactSettings settings) {
        this.settings = settings;
    }

    @Override
    public Limits artifactLimits() {
        return new Limits(Math.max(1, settings.maxBuildBytes() / MIB), settings.retentionDays());
    }

    @Override
    public void setArtifactLimits(Limits limits, String user) {
        Limits l = ArtifactLimits.checked(limits);
        settings.setMaxBuildBytes(l.maxBuildMiB() * MIB);
        settings.setRetentionDays(l.retentionDays());
        log.info("Ocelot artifact limits set by {}: {} MiB per build, kept {} days", user, l.maxBuildMiB(),
                l.retentionDays());
    }
}
