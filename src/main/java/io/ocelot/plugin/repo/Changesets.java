package io.ocelot.plugin.repo;

/** Port: what changed between two commits. */
public interface Changesets {
    /**
     * Messages of the commits reachable from {@code until} but not from {@code since}, and the paths changed
     * between them. {@code since == null} (a new branch): the {@code until} commit alone. The paths may be read on
     * first use (see {@link io.ocelot.core.plan.ChangedPaths}); a read that fails then is
     * {@link io.ocelot.core.plan.ChangedPaths.Unavailable}.
     */
    Changeset between(RepositoryRef repository, String since, String until);
}
