// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.activeobjects.external;

/** UNVERIFIED beyond its name (the notes give only the upgrade-task signatures using it). */
public final class ModelVersion implements Comparable<ModelVersion> {
    private final int version;

    private ModelVersion(int version) {
        this.version = version;
    }

    public static ModelVersion valueOf(String version) {
        return new ModelVersion(version == null ? 0 : Integer.parseInt(version));
    }

    public boolean isOlderThan(ModelVersion other) {
        return version < other.version;
    }

    @Override
    public int compareTo(ModelVersion other) {
        return Integer.compare(version, other.version);
    }

    @Override
    public String toString() {
        return Integer.toString(version);
    }
}
