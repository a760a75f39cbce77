package io.ocelot.plugin.rest;

import com.atlassian.plugins.rest.api.security.annotation.UnrestrictedAccess;
import io.ocelot.core.Json;
import io.ocelot.core.api.ErrorReply;
import io.ocelot.plugin.metrics.MetricsToken;
import io.ocelot.plugin.metrics.OcelotMetrics;
import io.ocelot.plugin.ui.UserPermissions;

import javax.inject.Inject;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * {@code GET /metrics}: the Prometheus text exposition ({@link OcelotMetrics}) for a Bitbucket global ADMIN, or for
 * a scraper presenting the metrics token in {@value #TOKEN_HEADER}. Its own header, as the werker token has:
 * Bitbucket answers an {@code Authorization: Bearer} it does not know with 401 before any plugin code runs.
 * {@link UnrestrictedAccess} so that a scraper with no Bitbucket user reaches this check at all; anonymous callers
 * without the token get 401, users who are not ADMIN 403, a wrong token 401. A GET that changes nothing: no XSRF
 * concern. The token is made by an ADMIN at {@code admin/metrics-token}.
 */
@Path("/metrics")
@UnrestrictedAccess
public class MetricsResource {
    public static final String TOKEN_HEADER = "X-Ocelot-Metrics-Token";
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final UserPermissions permissions;
    private final OcelotMetrics metrics;
    private final MetricsToken token;

    @Inject
    public MetricsResource(UserPermissions permissions, OcelotMetrics metrics, MetricsToken token) {
        this.permissions = permissions;
        this.metrics = metrics;
        this.token = token;
    }

    @GET
    public Response metrics(@HeaderParam(TOKEN_HEADER) String presented) {
        if (presented != null) {
            if (!token.matches(presented)) {
                return refuse(401, "The metrics token is not valid (revoked or replaced?); an ADMIN makes a new one "
                        + "at admin/metrics-token.");
            }
        } else if (permissions.currentUser().isEmpty()) {
            return refuse(401, "Sign in as an ADMIN or send the metrics token in " + TOKEN_HEADER + ".");
        } else if (!permissions.isAdmin()) {
            return refuse(403, "You need ADMIN permission, or the metrics token, to read the metrics.");
        }
        return Response.ok(metrics.scrape(), TEXT).build();
    }

    private static Response refuse(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(new ErrorReply(message, null))).build();
    }
}
