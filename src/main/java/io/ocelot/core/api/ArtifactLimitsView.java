package io.ocelot.core.api;

/**
 * {@code GET/PUT /admin/artifact-limits}: how many MiB of artifacts one build may keep, and how many days an artifact
 * is kept after its upload (0: for ever).
 */
public record ArtifactLimitsView(Long maxBuildMiB, Integer retentionDays) {
}
