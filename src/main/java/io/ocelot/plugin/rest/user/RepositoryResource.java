package io.ocelot.plugin.rest.user;

import io.ocelot.core.api.ManualTriggerRequest;
import io.ocelot.core.lang.Abbreviate;
import io.ocelot.core.api.SettingsView;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.BuildCommands;
import io.ocelot.plugin.ui.BuildFilter;
import io.ocelot.plugin.ui.BuildLookup;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.RepositorySettingsView;
import io.ocelot.plugin.ui.SettingsRules;
import io.ocelot.plugin.ui.TriggerReadModel;
import io.ocelot.plugin.trigger.PipelineNames;
import io.ocelot.plugin.ui.UserFacingException;
import io.ocelot.plugin.ui.UserPermissions;

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

/** One repository: its builds, trigger, settings, watch/unwatch. See {@link io.ocelot.core.api.UserApi}. */
@Path("projects/{projectKey}/repos/{slug}")
@Produces(MediaType.APPLICATION_JSON)
public class RepositoryResource {
    private final AccessGuard guard;
    private final BuildReadModel builds;
    private final TriggerReadModel triggers;
    private final BuildCommands commands;
    private final RepositorySettingsService settings;

    @Inject
    public RepositoryResource(UserPermissions permissions, BuildReadModel builds, TriggerReadModel triggers,
                              BuildCommands commands, RepositorySettingsService settings) {
        this.guard = new AccessGuard(permissions, settings);
        this.builds = builds;
        this.triggers = triggers;
        this.commands = commands;
        this.settings = settings;
    }

    @GET
    @Path("builds")
    public Response builds(@PathParam("projectKey") String key, @PathParam("slug") String slug,
                           @QueryParam("branch") String branch, @QueryParam("result") String result,
                           @QueryParam("group") String group, @QueryParam("limit") Integer limit) {
        return Replies.json(() -> {
            RepositoryName repo = RepositoryName.parse(key, slug);
            guard.requireTracked(repo, RepoPermission.REPO_READ);
            return builds.recentBuilds(List.of(repo), BuildFilter.parse(branch, result, group), BuildLookup.limit(limit));
        });
    }

    /**
     * The repository's pushes and pull-request events not (yet) turned into builds: pending (waiting for a try) or
     * failed with the reason, newest first. The build list's companion: a build appears in {@code builds} once made.
     */
    @GET
    @Path("triggers")
    public Response triggers(@PathParam("projectKey") String key, @PathParam("slug") String slug,
                             @QueryParam("limit") Integer limit) {
        return Replies.json(() -> {
            RepositoryName repo = RepositoryName.parse(key, slug);
            guard.requireTracked(repo, RepoPermission.REPO_READ);
            return triggers.ofRepositories(List.of(repo), BuildLookup.limit(limit));
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @POST
    @Path("trigger")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response trigger(@PathParam("projectKey") String key, @PathParam("slug") String slug, String body) {
        return Replies.json(() -> {
            RepositoryName repo = RepositoryName.parse(key, slug);
            String user = guard.requireTracked(repo, RepoPermission.REPO_WRITE);
            ManualTriggerRequest request = Replies.body(body, ManualTriggerRequest.class, new ManualTriggerRequest(null, null, false));
            String commit = blankToNull(request.commit());
            String branch = blankToNull(request.branch());
            if (commit != null && branch != null) {
                throw UserFacingException.badRequest("give a commit or a branch, not both");
            }
            if (commit != null && !commit.matches("[0-9a-fA-F]{4,40}")) {
                throw UserFacingException.badRequest("commit '" + commit + "' is not a hash (4 to 40 hex digits)");
            }
            String pipeline = blankToNull(request.pipeline());
            if (pipeline != null && !PipelineNames.valid(pipeline)) {
                throw UserFacingException.badRequest("pipeline '" + Abbreviate.text(pipeline) + "' is not a pipeline name ("
                        + PipelineNames.problem(pipeline) + ")");
            }
            return commands.trigger(repo, commit, branch, pipeline, request.force(),
                    request.viaCli() ? TriggerKind.CLI : TriggerKind.MANUAL, user);
        });
    }

    @GET
    @Path("settings")
    public Response getSettings(@PathParam("projectKey") String key, @PathParam("slug") String slug) {
        return Replies.json(() -> {
            RepositoryName repo = RepositoryName.parse(key, slug);
            guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
            return SettingsRules.toView(settings.get(repo));
        });
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response putSettings(@PathParam("projectKey") String key, @PathParam("slug") String slug, String body) {
        return Replies.json(() -> {
            RepositoryName repo = RepositoryName.parse(key, slug);
            String user = guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
            RepositorySettingsView current = settings.get(repo);
            SettingsView in = SettingsPatch.read(body, SettingsRules.toView(current)); // left-out fields keep their value
            RepositorySettingsView.Change change = SettingsRules.toChange(in, current);
            return SettingsRules.toView(settings.save(repo, change, user));
        });
    }

    /** Switches Ocelot on; the one repository call that works on an untracked repository besides settings. */
    @POST
    @Path("watch")
    @Consumes(MediaType.APPLICATION_JSON) // a cross-origin form or text/plain POST never reaches it
    public Response watch(@PathParam("projectKey") String key, @PathParam("slug") String slug) {
        return Replies.json(() -> {
            RepositoryName repo = RepositoryName.parse(key, slug);
            String user = guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
            RepositorySettingsView now = settings.get(repo);
            return SettingsRules.toView(now.enabled() ? now : settings.save(repo, SettingsRules.withEnabled(now, true), user));
        });
    }

    @POST
    @Path("unwatch")
    @Consumes(MediaType.APPLICATION_JSON) // a cross-origin form or text/plain POST never reaches it
    public Response unwatch(@PathParam("projectKey") String key, @PathParam("slug") String slug) {
        return Replies.json(() -> {
            RepositoryName repo = RepositoryName.parse(key, slug);
            String user = guard.requireTracked(repo, RepoPermission.REPO_ADMIN);
            return SettingsRules.toView(settings.save(repo, SettingsRules.withEnabled(settings.get(repo), false), user));
        });
    }
}
