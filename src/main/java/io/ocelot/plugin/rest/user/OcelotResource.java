package io.ocelot.plugin.rest.user;

import io.ocelot.core.api.AutoEnableView;
import io.ocelot.core.api.ValidationReply;
import io.ocelot.core.lang.ParseResult;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.BuildFilter;
import io.ocelot.plugin.ui.BuildLookup;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.PipelineValidator;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.TriggerReadModel;
import io.ocelot.plugin.ui.UserFacingException;
import io.ocelot.plugin.ui.UserPermissions;
import io.ocelot.plugin.ui.WerkerDirectory;

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
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Endpoints not about one build or repository: status by reference, group lists, werkers, validate, auto-enable defaults. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class OcelotResource {
    /** A pipeline file is small; refuse megabytes before parsing them. */
    static final int MAX_PIPELINE_BYTES = 256 * 1024;

    private final AccessGuard guard;
    private final BuildLookup lookup;
    private final BuildReadModel builds;
    private final WerkerDirectory werkers;
    private final PipelineValidator validator;
    private final RepositorySettingsService settings;

    @Inject
    public OcelotResource(UserPermissions permissions, BuildReadModel builds, TriggerReadModel triggers,
                          RepositorySettingsService settings, WerkerDirectory werkers, PipelineValidator validator) {
        this.guard = new AccessGuard(permissions, settings);
        this.lookup = new BuildLookup(guard, builds, triggers, settings);
        this.builds = builds;
        this.werkers = werkers;
        this.validator = validator;
        this.settings = settings;
    }

    @GET
    @Path("werkers")
    public Response werkers() {
        return Replies.json(() -> {
            guard.requireAdmin();
            return werkers.werkers();
        });
    }

    /** The body is the ocelot.yml itself (any content type); {@code name} is used in problem locations. */
    @POST
    @Path("validate")
    @Consumes(MediaType.WILDCARD)
    public Response validate(@QueryParam("name") String name, byte[] body) {
        return Replies.json(() -> {
            guard.requireUser();
            if (body == null || body.length == 0) {
                throw UserFacingException.badRequest("send the ocelot.yml as the request body");
            }
            if (body.length > MAX_PIPELINE_BYTES) {
                throw UserFacingException.badRequest("the file is " + body.length + " bytes; the most accepted is " + MAX_PIPELINE_BYTES);
            }
            String fileName = name == null || name.isBlank() ? "ocelot.yml" : name;
            ParseResult result = validator.validate(fileName, body);
            return new ValidationReply(result.isValid(), result.problems());
        });
    }

    @GET
    @Path("auto-enable")
    public Response globalAutoEnable() {
        return Replies.json(() -> {
            guard.requireAdmin();
            return new AutoEnableView(settings.autoEnableGlobal());
        });
    }

    @PUT
    @Path("auto-enable")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setGlobalAutoEnable(String body) {
        return Replies.json(() -> {
            String user = guard.requireAdmin();
            AutoEnableView in = Replies.body(body, AutoEnableView.class, null);
            if (in.enabled() == null) {
                throw UserFacingException.badRequest("enabled: true or false");
            }
            settings.setAutoEnableGlobal(in.enabled(), user);
            return new AutoEnableView(settings.autoEnableGlobal());
        });
    }

    @GET
    @Path("projects/{projectKey}/auto-enable")
    public Response projectAutoEnable(@PathParam("projectKey") String key) {
        return Replies.json(() -> {
            guard.requireProjectAdmin(key);
            return new AutoEnableView(settings.autoEnableForProject(key).orElse(null));
        });
    }

    @PUT
    @Path("projects/{projectKey}/auto-enable")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setProjectAutoEnable(@PathParam("projectKey") String key, String body) {
        return Replies.json(() -> {
            String user = guard.requireProjectAdmin(key);
            AutoEnableView in = Replies.body(body, AutoEnableView.class, null);
            settings.setAutoEnableForProject(key, Optional.ofNullable(in.enabled()), user);
            return new AutoEnableView(settings.autoEnableForProject(key).orElse(null));
        });
    }

    @GET
    @Path("status")
    public Response status(@QueryParam("ref") String ref, @QueryParam("limit") Integer limit) {
        return Replies.json(() -> {
            return lookup.status(ref, BuildLookup.limit(limit));
        });
    }

    @GET
    @Path("groups/{group}/builds")
    public Response group(@PathParam("group") String group, @QueryParam("limit") Integer limit) {
        return Replies.json(() -> {
            guard.requireUser();
            int max = BuildLookup.limit(limit);
            List<RepositoryName> repos = settings.trackedRepositories().stream()
                    .filter(r -> Objects.equals(group, settings.get(r).buildGroup()) && guard.canRead(r))
                    .sorted(Comparator.comparing(RepositoryName::toString))
                    .toList();
            if (repos.isEmpty()) {
                throw UserFacingException.notFound("No tracked repository you can see is in build group '" + group + "'.");
            }
            return builds.recentBuilds(repos, BuildFilter.NONE, max);
        });
    }
}
