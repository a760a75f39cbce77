package io.ocelot.plugin.rest.user;

import io.ocelot.core.api.MetricsTokenView;
import io.ocelot.plugin.metrics.MetricsToken;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.UserPermissions;
import io.ocelot.plugin.ui.RepositorySettingsService;

import javax.inject.Inject;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Global ADMIN only: the token Prometheus scrapes {@code GET /metrics} with ({@link MetricsToken}). Made here and
 * shown once; never answered again; revoked at once.
 */
@Path("/")
public class MetricsTokenResource {
    private final AccessGuard guard;
    private final MetricsToken token;

    @Inject
    public MetricsTokenResource(UserPermissions permissions, RepositorySettingsService settings, MetricsToken token) {
        this.guard = new AccessGuard(permissions, settings);
        this.token = token;
    }

    @GET
    @Path("admin/metrics-token")
    @Produces(MediaType.APPLICATION_JSON)
    public Response tokenState() {
        return Replies.json(() -> {
            guard.requireAdmin();
            return new MetricsTokenView(token.setAt().isPresent(), token.setAt().orElse(null), null);
        });
    }

    /** A new token, in this answer only; the previous one stops working at once. */
    @POST
    @Path("admin/metrics-token")
    @Consumes(MediaType.APPLICATION_JSON) // a cross-origin form or text/plain POST never reaches it
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotate() {
        return Replies.json(() -> {
            guard.requireAdmin();
            String value = token.rotate();
            return new MetricsTokenView(true, token.setAt().orElse(null), value);
        });
    }

    @DELETE
    @Path("admin/metrics-token")
    public Response revoke() {
        return Replies.noContent(() -> {
            guard.requireAdmin();
            token.revoke();
        });
    }
}
