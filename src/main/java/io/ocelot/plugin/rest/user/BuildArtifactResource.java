package io.ocelot.plugin.rest.user;

import io.ocelot.core.api.UserApi;
import io.ocelot.plugin.artifact.ArtifactPath;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.BuildArtifacts;
import io.ocelot.plugin.ui.BuildLookup;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserFacingException;
import io.ocelot.plugin.ui.UserPermissions;

import javax.inject.Inject;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A build's artifacts (see {@link UserApi}): the list, and each file as a download. REPO_READ on the build's
 * repository, checked by {@link BuildLookup} as for the build itself, so a build the caller may not see answers
 * exactly as {@code GET /builds/{id}} does.
 */
@Path("builds/{id}/artifacts")
public class BuildArtifactResource {
    private final BuildLookup lookup;
    private final BuildArtifacts artifacts;

    @Inject
    public BuildArtifactResource(UserPermissions permissions, BuildReadModel builds, BuildArtifacts artifacts,
                                 RepositorySettingsService settings) {
        this.lookup = new BuildLookup(new AccessGuard(permissions, settings), builds, settings);
        this.artifacts = artifacts;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@PathParam("id") long id) {
        return Replies.json(() -> {
            lookup.build(id, RepoPermission.REPO_READ);
            return artifacts.list(id);
        });
    }

    @GET
    @Path("{path: .+}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response download(@PathParam("id") long id, @PathParam("path") String path) {
        try {
            lookup.build(id, RepoPermission.REPO_READ);
            try {
                ArtifactPath.check(path);
            } catch (IllegalArgumentException e) {
                throw UserFacingException.badRequest(e.getMessage());
            }
            BuildArtifacts.Download d = artifacts.open(id, path).orElseThrow(() -> UserFacingException.notFound(
                    "Build " + id + " has no artifact '" + path + "'."));
            StreamingOutput body = out -> {
                try (InputStream in = d.content()) {
                    in.transferTo(out);
                }
            };
            return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                    .header("Content-Length", d.size())
                    .header("Content-Disposition", ArtifactPath.attachment(path))
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "private, no-cache")
                    .header("ETag", "\"" + d.sha256() + "\"")
                    .build();
        } catch (UserFacingException e) {
            return Replies.error(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
