package io.ocelot.plugin.rest.user;

import io.ocelot.core.api.UserApi;
import io.ocelot.plugin.build.LogSignal;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.BuildCommands;
import io.ocelot.plugin.ui.BuildLookup;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.LogFollow;
import io.ocelot.plugin.ui.LogPages;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserFacingException;
import io.ocelot.plugin.ui.UserPermissions;

import javax.inject.Inject;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** One build by id: detail, log, kill, rebuild. See {@link UserApi}. */
@Path("builds")
@Produces(MediaType.APPLICATION_JSON)
public class BuildResource {
    private final AccessGuard guard;
    private final BuildLookup lookup;
    private final BuildReadModel builds;
    private final BuildCommands commands;
    private final LogFollow follow;

    @Inject
    public BuildResource(UserPermissions permissions, BuildReadModel builds, BuildCommands commands,
                         RepositorySettingsService settings, LogSignal logs) {
        this.guard = new AccessGuard(permissions, settings);
        this.lookup = new BuildLookup(guard, builds, settings);
        this.builds = builds;
        this.commands = commands;
        this.follow = new LogFollow(logs);
    }

    @GET
    @Path("{id}")
    public Response build(@PathParam("id") long id) {
        return Replies.json(() -> lookup.build(id, RepoPermission.REPO_READ));
    }

    @GET
    @Path("{id}/log")
    public Response log(@PathParam("id") long id, @QueryParam("offset") Long offset, @QueryParam("limit") Integer limit,
                        @QueryParam("attempt") Integer attempt, @QueryParam("wait") Integer wait) {
        return Replies.json(() -> {
            lookup.build(id, RepoPermission.REPO_READ);
            int waitSeconds = LogFollow.waitSeconds(wait);
            long from = offset == null ? 0 : offset;
            int max = limit == null ? UserApi.LOG_PAGE_BYTES : limit;
            if (from < 0) {
                throw UserFacingException.badRequest("offset must be 0 or more, not " + from);
            }
            if (max < 1 || max > UserApi.LOG_PAGE_BYTES) {
                throw UserFacingException.badRequest("limit must be between 1 and " + UserApi.LOG_PAGE_BYTES + " bytes, not " + max);
            }
            int which = attempt == null ? 0 : attempt;
            return follow.page(id, from, waitSeconds, () -> LogPages.page(id, from, builds.log(id, which, from, max)));
        });
    }

    @POST
    @Path("{id}/kill")
    @Consumes(MediaType.APPLICATION_JSON) // a cross-origin form or text/plain POST never reaches it
    public Response kill(@PathParam("id") long id) {
        return Replies.json(() -> {
            lookup.build(id, RepoPermission.REPO_WRITE);
            return commands.kill(id, guard.requireUser());
        });
    }

    @POST
    @Path("{id}/rebuild")
    @Consumes(MediaType.APPLICATION_JSON) // a cross-origin form or text/plain POST never reaches it
    public Response rebuild(@PathParam("id") long id) {
        return Replies.json(() -> {
            lookup.build(id, RepoPermission.REPO_WRITE);
            return commands.rebuild(id, guard.requireUser());
        });
    }
}
