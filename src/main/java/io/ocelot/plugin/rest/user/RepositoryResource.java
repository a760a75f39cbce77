package io.ocelot.plugin.rest.user;

import io.ocelot.core.api.BuildState;
import io.ocelot.core.api.SettingsView;
import io.ocelot.core.api.TriggerRequest;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.security.AccessGuard;
import io.ocelot.plugin.security.RepoPermission;
import io.ocelot.plugin.security.UserPermissions;
import io.ocelot.plugin.ui.BuildCommands;
import io.ocelot.plugin.ui.BuildFilter;
import io.ocelot.plugin.ui.BuildLookup;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.RepositoryRef;
import io.ocelot.plugin.ui.RepositorySettings;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.SettingsRules;
import io.ocelot.plugin.ui.UserFacingException;

import javax.inject.Inject;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;

/** One repository: its builds, trigger, settings, watch/unwatch. See {@link io.ocelot.core.api.UserApi}. */
@Path("projects/{projectKey}/repos/{slug}")
@Produces(MediaType.APPLICATION_JSON)
public class RepositoryResource {
    private final AccessGuard guard;
    private final BuildReadModel builds;
    private final BuildCommands commands;
    private final RepositorySettingsService settings;

    @Inject
    public RepositoryResource(UserPermissions permissions, BuildReadModel builds, BuildCommands commands,
                              RepositorySettingsService settings) {
        this.guard = new AccessGuard(permissions, settings);
        this.builds = builds;
        this.commands = commands;
        this.settings = settings;
    }

    @GET
    @Path("builds")
    public Response builds(@PathParam("projectKey") String key, @PathParam("slug") String slug,
                           @QueryParam("branch") String branch, @QueryParam("result") String result,
                           @QueryParam("group") String group, @QueryParam("limit") Integer limit) {
        return Replies.json(() -> {
            RepositoryRef repo = RepositoryRef.parse(key, slug);
            guard.requireTracked(repo, RepoPermission.REPO_READ);
            return builds.recentBuilds(List.of(repo), filter(branch, result, group), BuildLookup.limit(limit));
        });
    }

    /** The filter of a build list (REST and the list page); {@code result} is a {@link BuildState} name, any case. */
    public static BuildFilter filter(String branch, String result, String group) {
        BuildState state = null;
        if (result != null && !result.isBlank()) {
            try {
                state = BuildState.valueOf(result.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw UserFacingException.badRequest("result '" + result + "': one of " + List.of(BuildState.values()));
            }
        }
        return new BuildFilter(blankToNull(branch), state, blankToNull(group));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @POST
    @Path("trigger")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response trigger(@PathParam("projectKey") String key, @PathParam("slug") String slug, String body) {
        return Replies.json(() -> {
            RepositoryRef repo = RepositoryRef.parse(key, slug);
            String user = guard.requireTracked(repo, RepoPermission.REPO_WRITE);
            TriggerRequest request = Replies.body(body, TriggerRequest.class, new TriggerRequest(null, null, false));
            String commit = blankToNull(request.commit());
            String branch = blankToNull(request.branch());
            if (commit != null && branch != null) {
                throw UserFacingException.badRequest("give a commit or a branch, not both");
            }
            if (commit != null && !commit.matches("[0-9a-fA-F]{4,40}")) {
                throw UserFacingException.badRequest("commit '" + commit + "' is not a hash (4 to 40 hex digits)");
            }
            return commands.trigger(repo, commit, branch, request.force(),
                    request.viaCli() ? TriggerKind.CLI : TriggerKind.MANUAL, user);
        });
    }

    @GET
    @Path("settings")
    public Response getSettings(@PathParam("projectKey") String key, @PathParam("slug") String slug) {
        return Replies.json(() -> {
            RepositoryRef repo = RepositoryRef.parse(key, slug);
            guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
            return SettingsRules.toView(settings.get(repo));
        });
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response putSettings(@PathParam("projectKey") String key, @PathParam("slug") String slug, String body) {
        return Replies.json(() -> {
            RepositoryRef repo = RepositoryRef.parse(key, slug);
            String user = guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
            RepositorySettings current = settings.get(repo);
            SettingsView in = SettingsPatch.read(body, SettingsRules.toView(current)); // left-out fields keep their value
            RepositorySettings.Change change = SettingsRules.toChange(in, current);
            return SettingsRules.toView(settings.save(repo, change, user));
        });
    }

    /** Switches Ocelot on; the one repository call that works on an untracked repository besides settings. */
    @POST
    @Path("watch")
    @Consumes(MediaType.APPLICATION_JSON) // a cross-origin form or text/plain POST never reaches it
    public Response watch(@PathParam("projectKey") String key, @PathParam("slug") String slug) {
        return Replies.json(() -> {
            RepositoryRef repo = RepositoryRef.parse(key, slug);
            String user = guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
            RepositorySettings now = settings.get(repo);
            return SettingsRules.toView(now.enabled() ? now : settings.save(repo, SettingsRules.withEnabled(now, true), user));
        });
    }

    @POST
    @Path("unwatch")
    @Consumes(MediaType.APPLICATION_JSON) // a cross-origin form or text/plain POST never reaches it
    public Response unwatch(@PathParam("projectKey") String key, @PathParam("slug") String slug) {
        return Replies.json(() -> {
            RepositoryRef repo = RepositoryRef.parse(key, slug);
            String user = guard.requireTracked(repo, RepoPermission.REPO_ADMIN);
            return SettingsRules.toView(settings.save(repo, SettingsRules.withEnabled(settings.get(repo), false), user));
        });
    }
}
