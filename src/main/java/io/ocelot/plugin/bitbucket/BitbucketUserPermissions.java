package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.AuthorisationException;
import com.atlassian.bitbucket.auth.AuthenticationContext;
import com.atlassian.bitbucket.permission.Permission;
import com.atlassian.bitbucket.permission.PermissionService;
import com.atlassian.bitbucket.project.Project;
import com.atlassian.bitbucket.project.ProjectService;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.RepositoryService;
import com.atlassian.bitbucket.user.ApplicationUser;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.UserPermissions;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Optional;

/**
 * {@link UserPermissions} in Bitbucket: the current user comes from {@link AuthenticationContext} (Bitbucket has
 * already resolved a session or a personal access token to it); permissions from {@link PermissionService}.
 * Runs as the current user, never escalated. RepositoryService.getBySlug returns null for a repository that does
 * not exist and throws AuthorisationException for one the user may not see (javadoc 9.2.1
 * https://docs.atlassian.com/bitbucket-server/javadoc/9.2.1/api/com/atlassian/bitbucket/repository/RepositorySupplier.html);
 * ProjectService.getByKey likewise. Both grant nothing, so a hidden repository answers 404 like a missing one,
 * never 500 ({@link AccessGuard}).
 * A component: Spring injects it wherever the REST resources and pages ask for {@link UserPermissions}.
 */
@Named
public final class BitbucketUserPermissions implements UserPermissions {
    private final AuthenticationContext authentication;
    private final PermissionService permissionService;
    private final RepositoryService repositoryService;
    private final ProjectService projectService;

    @Inject
    public BitbucketUserPermissions(@ComponentImport AuthenticationContext authentication,
                                    @ComponentImport PermissionService permissionService,
                                    @ComponentImport RepositoryService repositoryService,
                                    @ComponentImport ProjectService projectService) {
        this.authentication = authentication;
        this.permissionService = permissionService;
        this.repositoryService = repositoryService;
        this.projectService = projectService;
    }

    @Override
    public Optional<String> currentUser() {
        ApplicationUser user = authentication.isAuthenticated() ? authentication.getCurrentUser() : null;
        return Optional.ofNullable(user).map(ApplicationUser::getName);
    }

    @Override
    public boolean hasRepositoryPermission(RepositoryName ref, RepoPermission permission) {
        Repository repository;
        try {
            repository = repositoryService.getBySlug(ref.projectKey(), ref.slug());
        } catch (AuthorisationException hidden) {
            return false;
        }
        return repository != null && permissionService.hasRepositoryPermission(repository, Permission.valueOf(permission.name()));
    }

    @Override
    public boolean isProjectAdmin(String projectKey) {
        Project project;
        try {
            project = projectService.getByKey(projectKey);
        } catch (AuthorisationException hidden) {
            return false;
        }
        return project != null && permissionService.hasProjectPermission(project, Permission.PROJECT_ADMIN);
    }

    @Override
    public boolean isAdmin() {
        ApplicationUser user = authentication.getCurrentUser();
        return user != null && permissionService.hasGlobalPermission(user, Permission.ADMIN);
    }
}
