package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.RepositoryService;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.repo.RepositoryDirectory;
import io.ocelot.plugin.repo.RepositoryRef;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Optional;

/**
 * {@link RepositoryDirectory} through RepositoryService.getBySlug. Bitbucket answers only what the current user may
 * see; callers check permissions first, and background callers fall back to the names stored with the settings.
 */
@Named
public class BitbucketRepositoryDirectory implements RepositoryDirectory {
    private final RepositoryService repositories;

    @Inject
    public BitbucketRepositoryDirectory(@ComponentImport RepositoryService repositories) {
        this.repositories = repositories;
    }

    @Override
    public Optional<RepositoryRef> byName(String projectKey, String slug) {
        Repository r = repositories.getBySlug(projectKey, slug);
        return r == null ? Optional.empty() : Optional.of(new RepositoryRef(r.getId(), r.getProject().getKey(), r.getSlug()));
    }
}
