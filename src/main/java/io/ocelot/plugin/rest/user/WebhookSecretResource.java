package io.ocelot.plugin.rest.user;

import io.ocelot.plugin.notify.WebhookSecrets;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserPermissions;

import javax.inject.Inject;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.Map;

/**
 * A repository's webhook signing secret (docs/user-guide.md, "Notifications"): its admins (REPO_ADMIN) may read it
 * at any time and rotate it. Its own root path: JAX-RS picks one root resource per request by the longest literal
 * path, so these methods could not live beside {@link RepositoryResource}'s shorter {@code projects/{k}/repos/{s}}
 * in another class.
 */
@Path("projects/{projectKey}/repos/{slug}/webhook-secret")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookSecretResource {
    private final AccessGuard guard;
    private final WebhookSecrets secrets;

    @Inject
    public WebhookSecretResource(UserPermissions permissions, RepositorySettingsService settings,
                                 WebhookSecrets secrets) {
        this.guard = new AccessGuard(permissions, settings);
        this.secrets = secrets;
    }

    @GET
    public Response webhookSecret(@PathParam("projectKey") String key, @PathParam("slug") String slug) {
        return Replies.json(() -> {
            RepositoryName repo = RepositoryName.parse(key, slug);
            guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
            return Map.of("header", WebhookSecrets.HEADER, "secret", secrets.secretFor(repo));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotateWebhookSecret(@PathParam("projectKey") String key, @PathParam("slug") String slug) {
        return Replies.json(() -> {
            RepositoryName repo = RepositoryName.parse(key, slug);
            guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
            return Map.of("header", WebhookSecrets.HEADER, "secret", secrets.rotate(repo));
        });
    }
}
