package io.ocelot.plugin.rest.user;

import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettingsStore;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserFacingException;
import io.ocelot.plugin.ui.UserPermissions;

import javax.inject.Inject;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * What a repository's builds may use beyond their checkout, for its admins (REPO_ADMIN; docs/user-guide.md,
 * "Repository settings"): registry credentials for the images the builds pull (write-only: the password is never
 * answered) and the branches each secret variable is limited to. A root path of its own, like
 * {@link WebhookSecretResource}, so JAX-RS does not route these to {@link RepositoryResource}.
 */
@Path("projects/{projectKey}/repos/{slug}/build-access")
@Produces(MediaType.APPLICATION_JSON)
public class RepositoryBuildAccessResource {
    /** A registry login as sent; the password never comes back. */
    public record RegistryLogin(String username, String password) {
    }

    /** The branch patterns a secret is limited to (empty: every branch). */
    public record SecretBranches(List<String> branches) {
    }

    private final AccessGuard guard;
    private final RepositorySettingsStore store;

    @Inject
    public RepositoryBuildAccessResource(UserPermissions permissions, RepositorySettingsService settings,
                                         RepositorySettingsStore store) {
        this.guard = new AccessGuard(permissions, settings);
        this.store = store;
    }

    @GET
    public Response describe(@PathParam("projectKey") String key, @PathParam("slug") String slug) {
        return Replies.json(() -> {
            RepositoryRef repo = adminOf(key, slug);
            return Map.of("registryCredentials", store.registryCredentialList(repo),
                    "secretBranches", store.secretBranches(repo));
        });
    }

    @PUT
    @Path("registry-credentials/{host}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setRegistryCredential(@PathParam("projectKey") String key, @PathParam("slug") String slug,
                                          @PathParam("host") String host, String body) {
        return Replies.noContent(() -> {
            RepositoryRef repo = adminOf(key, slug);
            RegistryLogin login = Replies.body(body, RegistryLogin.class, null);
            refusedAsBadRequest(() -> store.setRegistryCredential(repo, host, login.username(), login.password()));
        });
    }

    @DELETE
    @Path("registry-credentials/{host}")
    public Response removeRegistryCredential(@PathParam("projectKey") String key, @PathParam("slug") String slug,
                                             @PathParam("host") String host) {
        return Replies.noContent(() -> {
            if (!store.removeRegistryCredential(adminOf(key, slug), host)) {
                throw UserFacingException.notFound("no registry credential for '" + host + "'");
            }
        });
    }

    @PUT
    @Path("secrets/{name}/branches")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response limitSecret(@PathParam("projectKey") String key, @PathParam("slug") String slug,
                                @PathParam("name") String name, String body) {
        return Replies.noContent(() -> {
            RepositoryRef repo = adminOf(key, slug);
            SecretBranches limit = Replies.body(body, SecretBranches.class, null);
            refusedAsBadRequest(() -> store.limitSecret(repo, name, limit.branches()));
        });
    }

    /** REPO_ADMIN on a repository Ocelot has settings for (the settings store's own reference to it). */
    private RepositoryRef adminOf(String key, String slug) {
        RepositoryName ref = RepositoryName.parse(key, slug);
        guard.requireRepository(ref, RepoPermission.REPO_ADMIN);
        return store.byName(ref.projectKey(), ref.slug()).orElseThrow(() -> UserFacingException.notFound(
                ref + " has no Ocelot settings yet: save its settings first"));
    }

    /** The store refuses bad input with IllegalArgumentException/IllegalStateException naming the field. */
    private static void refusedAsBadRequest(Runnable change) {
        try {
            change.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw UserFacingException.badRequest(e.getMessage());
        }
    }
}
