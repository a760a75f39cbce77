package io.ocelot.core.api;

/**
 * One artifact of a build: {@code path} relative to the werker's workspace (what a download keeps), the stage index
 * that uploaded it, its size in bytes and SHA-256 (hex), when it was uploaded (epoch ms) and whether the retention
 * removed its file ({@code expired}: listed, no longer downloadable).
 */
public record ArtifactView(String path, int stage, String stageName, long size, String sha256, long createdAt,
                           boolean expired) {
}
