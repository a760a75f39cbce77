package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.AuthorisationException;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.RepositoryService;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.repo.RepositoryDirectory;
import io.ocelot.plugin.repo.RepositoryRef;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Optional;

/**
 * {@link RepositoryDirectory} through RepositoryService.getBySlug, as the CURRENT user (no escalation: a name must
 * not reveal a repository to a person who cannot see it). getBySlug returns null for a repository that does not
 * exist and throws AuthorisationException for one the current user may not see (javadoc 9.2.1
 * https://docs.atlassian.com/bitbucket-server/javadoc/9.2.1/api/com/atlassian/bitbucket/repository/RepositorySupplier.html);
 * both are "not found" here. Background callers (the notifier), which have no user, get "not found" too and fall
 * back to the names stored with the settings ({@code RepositoryNames}).
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
        Repository r;
        try {
            r = repositories.getBySlug(projectKey, slug);
        } catch (AuthorisationException hidden) {
            return Optional.empty();
        }
        return r == null ? Optional.empty() : Optional.of(new RepositoryRef(r.getId(), r.getProject().getKey(), r.getSlug()));
    }
}
