package io.ocelot.plugin.ui;

/**
 * The global artifact limits an admin sets (the admin page): how many MiB of artifacts one build may keep, and how
 * many days an artifact is kept after its upload (0: for ever). Callers check ADMIN first ({@link AccessGuard}).
 */
public interface ArtifactLimits {
    record Limits(long maxBuildMiB, int retentionDays) {
    }

    Limits artifactLimits();

    /** @throws UserFacingException BAD_REQUEST naming the field for a value out of range */
    void setArtifactLimits(Limits limits, String user);

    /** The checks every implementation applies: 1 MiB to 1 TiB per build, 0 to 36500 days. */
    static Limits checked(Limits l) {
        if (l.maxBuildMiB() < 1 || l.maxBuildMiB() > 1024L * 1024) {
            throw UserFacingException.badRequest("maxBuildMiB: between 1 and 1048576 MiB (1 TiB), not " + l.maxBuildMiB());
        }
        if (l.retentionDays() < 0 || l.retentionDays() > 36_500) {
            throw UserFacingException.badRequest("retentionDays: between 0 (keep for ever) and 36500, not "
                    + l.retentionDays());
        }
        return l;
    }
}
