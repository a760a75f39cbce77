package io.ocelot.plugin.rest.user;

import io.ocelot.core.api.ArtifactLimitsView;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.ArtifactLimits;
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

/**
 * Global ADMIN: the artifact limits, as on the admin page ({@link ArtifactLimits}). A PUT is a partial update: a
 * field left out keeps its value.
 */
@Path("admin/artifact-limits")
@Produces(MediaType.APPLICATION_JSON)
public class ArtifactLimitsResource {
    private final AccessGuard guard;
    private final ArtifactLimits limits;

    @Inject
    public ArtifactLimitsResource(UserPermissions permissions, RepositorySettingsService settings,
                                  ArtifactLimits limits) {
        this.guard = new AccessGuard(permissions, settings);
        this.limits = limits;
    }

    @GET
    public Response get() {
        return Replies.json(() -> {
            guard.requireAdmin();
            return view(limits.artifactLimits());
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(String body) {
        return Replies.json(() -> {
            String user = guard.requireAdmin();
            ArtifactLimitsView asked = Replies.body(body, ArtifactLimitsView.class, null);
            ArtifactLimits.Limits now = limits.artifactLimits();
            if (asked.maxBuildMiB() == null && asked.retentionDays() == null) {
                throw UserFacingException.badRequest("give maxBuildMiB, retentionDays or both");
            }
            limits.setArtifactLimits(new ArtifactLimits.Limits(
                    asked.maxBuildMiB() == null ? now.maxBuildMiB() : asked.maxBuildMiB(),
                    asked.retentionDays() == null ? now.retentionDays() : asked.retentionDays()), user);
            return view(limits.artifactLimits());
        });
    }

    private static ArtifactLimitsView view(ArtifactLimits.Limits l) {
        return new ArtifactLimitsView(l.maxBuildMiB(), l.retentionDays());
    }
}
