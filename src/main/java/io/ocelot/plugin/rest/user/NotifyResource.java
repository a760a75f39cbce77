package io.ocelot.plugin.rest.user;

import io.ocelot.plugin.notify.NotifyAllowlist;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserFacingException;
import io.ocelot.plugin.ui.UserPermissions;

import javax.inject.Inject;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.List;
import java.util.TreeSet;

/**
 * The global allowlist of notification hosts that may resolve to internal addresses (ADMIN only;
 * docs/user-guide.md, "Notifications"). A repository's webhook secret is {@link WebhookSecretResource}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class NotifyResource {
    private final AccessGuard guard;
    private final NotifyAllowlist allowlist;

    /** The body of {@code PUT admin/notify/allowed-hosts}. */
    public record AllowedHosts(List<String> hosts) {
    }

    @Inject
    public NotifyResource(UserPermissions permissions, RepositorySettingsService settings, NotifyAllowlist allowlist) {
        this.guard = new AccessGuard(permissions, settings);
        this.allowlist = allowlist;
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
}
