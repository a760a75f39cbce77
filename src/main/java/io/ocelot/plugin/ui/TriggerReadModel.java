package io.ocelot.plugin.ui;

import io.ocelot.core.api.TriggerView;

import java.util.Collection;
import java.util.List;

/**
 * Reading the triggers not yet turned into builds (pending or failed), for the build list and {@code ocelot status}.
 * Permissions are the caller's business, as for {@link BuildReadModel}.
 */
public interface TriggerReadModel {
    /** Of these repositories, newest first, at most {@code limit}. */
    List<TriggerView> ofRepositories(Collection<RepositoryName> repositories, int limit);

    /** Of a commit whose hash starts with {@code hashPrefix} (lower-case hex), any repository, newest first. */
    List<TriggerView> byCommitPrefix(String hashPrefix, int limit);
}
