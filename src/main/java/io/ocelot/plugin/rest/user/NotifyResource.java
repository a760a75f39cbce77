package io.ocelot.plugin.rest.user;

import io.ocelot.plugin.notify.NotifyAllowlist;
import io.ocelot.plugin.notify.WebhookSecrets;
import io.ocelot.plugin.security.AccessGuard;
import io.ocelot.plugin.security.RepoPermission;
import io.ocelot.plugin.security.UserPermissions;
import io.ocelot.plugin.ui.RepositoryRef;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserFacingException;

import javax.inject.Inject;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Notification safety settings (docs/user-guide.md, "Notifications"): the global allowlist of hosts that may be
 * internal (ADMIN), and a repository's webhook signing secret (REPO_ADMIN may read and rotate it).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class NotifyResource {
    private final AccessGuard guard;
    private final NotifyAllowlist allowlist;
    private final WebhookSecrets secrets;

    /** The body of {@code PUT admin/notify/allowed-hosts}. */
    public record AllowedHosts(List<String> hosts) {
    }

    @Inject
    public NotifyResource(UserPermissions permissions, RepositorySettingsService settings, NotifyAllowlist allowlist,
                          WebhookSecrets secrets) {
        this.guard = new AccessGuard(permissions, settings);
        this.allowlist = allowlist;
        this.secrets = secrets;
    }

    @GET
    @Path("admin/notify/allowed-hosts")
    public Response allowedHosts() {
        return Replies.json(() -> {
            guard.requireAdmin();
            return new AllowedHosts(List.copyOf(new TreeSet<>(allowlist.hosts())));
        });
    }

    @PUT
    @Path("admin/notify/allowed-hosts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setAllowedHosts(String body) {
        return Replies.json(() -> {
            guard.requireAdmin();
            AllowedHosts req = Replies.body(body, AllowedHosts.class, null);
            try {
                return new AllowedHosts(List.copyOf(new TreeSet<>(allowlist.set(req.hosts()))));
            } catch (IllegalArgumentException e) {
                throw UserFacingException.badRequest("hosts: " + e.getMessage());
            }
        });
    }

    @GET
    @Path("projects/{projectKey}/repos/{slug}/webhook-secret")
    public Response webhookSecret(@PathParam("projectKey") String key, @PathParam("slug") String slug) {
        return Replies.json(() -> {
            RepositoryRef repo = RepositoryRef.parse(key, slug);
            guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
            return Map.of("header", WebhookSecrets.HEADER, "secret", secrets.secretFor(repo));
        });
    }

    @POST
    @Path("projects/{projectKey}/repos/{slug}/webhook-secret")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotateWebhookSecret(@PathParam("projectKey") String key, @PathParam("slug") String slug) {
        return Replies.json(() -> {
            RepositoryRef repo = RepositoryRef.parse(key, slug);
            guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
            return Map.of("header", WebhookSecrets.HEADER, "secret", secrets.rotate(repo));
        });
    }
}
