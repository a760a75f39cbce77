package io.ocelot.plugin.repo;

import java.util.Optional;

/** Port: the repository a project key and slug name now (its id is what Ocelot stores). */
public interface RepositoryDirectory {
    /** Empty when there is no such repository (or Bitbucket will not say to the current user). */
    Optional<RepositoryRef> byName(String projectKey, String slug);
}
