package io.ocelot.plugin.rest.user;

import io.ocelot.core.api.CloneCredentialRequest;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.OcelotAdministration;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserFacingException;
import io.ocelot.plugin.ui.UserPermissions;
import io.ocelot.plugin.ui.WerkerDirectory;

import javax.inject.Inject;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Global ADMIN only: the werker registration secret, the clone credential, revoking a werker. Thin: the guard, then
 * the {@link OcelotAdministration} port. Secrets are accepted and never answered (except a freshly rotated
 * registration secret, once). Same root as {@link OcelotResource}; Jersey merges resources sharing a path.
 * Bitbucket's personal access tokens never carry global ADMIN, so against Bitbucket these calls need Basic
 * authentication; the admin page ({@link io.ocelot.plugin.web.OcelotAdminServlet}) does the same through the same port.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final AccessGuard guard;
    private final OcelotAdministration admin;
    private final WerkerDirectory werkers;

    @Inject
    public AdminResource(UserPermissions permissions, RepositorySettingsService settings, OcelotAdministration admin,
                         WerkerDirectory werkers) {
        this.guard = new AccessGuard(permissions, settings);
        this.admin = admin;
        this.werkers = werkers;
    }

    @GET
    @Path("admin/registration-secret")
    public Response registrationSecret() {
        return Replies.json(() -> {
            guard.requireAdmin();
            return admin.registrationSecret();
        });
    }

    /** The new secret is in this answer and nowhere else: the plugin keeps only its hash. */
    @POST
    @Path("admin/registration-secret")
    @Consumes(MediaType.APPLICATION_JSON) // a cross-origin form or text/plain POST never reaches it
    public Response rotateRegistrationSecret() {
        return Replies.json(() -> admin.rotateRegistrationSecret(guard.requireAdmin()));
    }

    @GET
    @Path("admin/clone-credentials")
    public Response cloneCredential() {
        return Replies.json(() -> {
            guard.requireAdmin();
            return admin.cloneCredential();
        });
    }

    @PUT
    @Path("admin/clone-credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setCloneCredential(String body) {
        return Replies.noContent(() -> {
            String user = guard.requireAdmin();
            admin.setCloneCredential(Replies.body(body, CloneCredentialRequest.class, null), user);
        });
    }

    @DELETE
    @Path("admin/clone-credentials")
    public Response clearCloneCredential() {
        return Replies.noContent(() -> admin.clearCloneCredential(guard.requireAdmin()));
    }

    @POST
    @Path("werkers/{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON) // a cross-origin form or text/plain POST never reaches it
    public Response revoke(@PathParam("id") long id) {
        return Replies.json(() -> {
            String user = guard.requireAdmin();
            if (!admin.revokeWerker(id, user)) {
                throw UserFacingException.notFound("Werker " + id + " does not exist.");
            }
            return werkers.werkers().stream().filter(w -> w.id() == id).findFirst()
                    .orElseThrow(() -> UserFacingException.notFound("Werker " + id + " does not exist."));
        });
    }
}
