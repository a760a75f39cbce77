package io.ocelot.plugin.store;

import javax.inject.Inject;
import javax.inject.Named;

/**
 * The artifact limits, global settings like the log retention: {@value #MAX_BUILD_BYTES_KEY} (bytes all artifacts of
 * one build may take, default 1 GiB) and {@value #RETENTION_KEY} (days an artifact is kept after its upload, default
 * 14; 0 keeps them forever). A value that does not read as a number counts as unset.
 */
@Named
public class ArtifactSettings {
    public static final String MAX_BUILD_BYTES_KEY = "artifacts.maxBuildBytes";
    public static final String RETENTION_KEY = "artifacts.retentionDays";
    public static final long DEFAULT_MAX_BUILD_BYTES = 1024L * 1024 * 1024;
    public static final int DEFAULT_RETENTION_DAYS = 14;
    private final SettingStore settings;

    @Inject
    public ArtifactSettings(SettingStore settings) {
        this.settings = settings;
    }

    public long maxBuildBytes() {
        long v = number(MAX_BUILD_BYTES_KEY, DEFAULT_MAX_BUILD_BYTES);
        return v < 0 ? DEFAULT_MAX_BUILD_BYTES : v;
    }

    public int retentionDays() {
        return (int) Math.max(0, Math.min(number(RETENTION_KEY, DEFAULT_RETENTION_DAYS), 365_000));
    }

    public void setMaxBuildBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("the artifact cap of a build is 0 bytes or more, not " + bytes);
        }
        settings.put(MAX_BUILD_BYTES_KEY, Long.toString(bytes));
    }

    public void setRetentionDays(int days) {
        if (days < 0) {
            throw new IllegalArgumentException("the artifact retention is 0 days (keep forever) or more, not " + days);
        }
        settings.put(RETENTION_KEY, Integer.toString(days));
    }

    private long number(String key, long fallback) {
        try {
            return settings.get(key).map(String::trim).map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
