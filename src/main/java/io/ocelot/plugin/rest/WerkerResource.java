package io.ocelot.plugin.rest;

import com.atlassian.annotations.security.XsrfProtectionExcluded;
import com.atlassian.plugins.rest.api.security.annotation.UnrestrictedAccess;
import io.ocelot.core.Json;
import io.ocelot.core.protocol.Messages.ErrorReply;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.ReleaseRequest;
import io.ocelot.core.protocol.Messages.Report;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.werker.ArtifactUploads;
import io.ocelot.plugin.werker.WerkerApiException;
import io.ocelot.plugin.werker.WerkerRegistry;
import io.ocelot.plugin.werker.WerkerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.QueryParam;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The werker endpoints ({@link Protocol}: {@code /rest/ocelot/1.0/werker/...}). Bitbucket's own authentication
 * does not apply ({@link UnrestrictedAccess}; werkers are not Bitbucket users) and neither does its XSRF check
 * (werkers send no browser headers); every call but register is authenticated here by the werker's token, sent in
 * {@link Protocol#WERKER_TOKEN_HEADER}, never in {@code Authorization} (Bitbucket would take a bearer token there for
 * one of its own and refuse it before this resource runs). These calls run with no Bitbucket user: what they reach
 * in Bitbucket (build statuses) escalates in its adapter.
 * Thin on purpose: read a bounded body, parse, authenticate, call {@link WerkerService}, write JSON (the artifact
 * upload hands its body on as a stream to {@link ArtifactUploads}).
 */
@Path("/werker")
@UnrestrictedAccess
@XsrfProtectionExcluded
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class WerkerResource {
    private static final Logger log = LoggerFactory.getLogger(WerkerResource.class);
    private final WerkerRegistry registry;
    private final WerkerService service;
    private final ArtifactUploads artifacts;

    @Inject
    public WerkerResource(WerkerRegistry registry, WerkerService service, ArtifactUploads artifacts) {
        this.registry = registry;
        this.service = service;
        this.artifacts = artifacts;
    }

    @POST
    @Path("register")
    public Response register(@Context HttpServletRequest request, InputStream body) {
        // The caller's address keys the rate limit on wrong secrets (behind a proxy: the proxy's, unless the
        // servlet container is told to trust X-Forwarded-For).
        String caller = request == null ? null : request.getRemoteAddr();
        return call(() -> ok(registry.register(read(body, RegisterRequest.class), caller)));
    }

    @POST
    @Path("poll")
    public Response poll(@HeaderParam(Protocol.WERKER_TOKEN_HEADER) String token, InputStream body) {
        return call(() -> {
            Werker w = registry.authenticate(token);
            PollRequest req = read(body, PollRequest.class);
            return service.poll(w, req).map(WerkerResource::ok).orElseGet(() -> Response.noContent().build());
        });
    }

    @POST
    @Path("builds/{id}/heartbeat")
    public Response heartbeat(@HeaderParam(Protocol.WERKER_TOKEN_HEADER) String token, @PathParam("id") long id,
                              InputStream body) {
        return call(() -> ok(service.heartbeat(registry.authenticate(token), id, read(body, Heartbeat.class))));
    }

    @POST
    @Path("builds/{id}/log")
    public Response log(@HeaderParam(Protocol.WERKER_TOKEN_HEADER) String token, @PathParam("id") long id,
                        InputStream body) {
        return call(() -> ok(service.log(registry.authenticate(token), id, read(body, LogAppend.class))));
    }

    @POST
    @Path("builds/{id}/stage")
    public Response stage(@HeaderParam(Protocol.WERKER_TOKEN_HEADER) String token, @PathParam("id") long id,
                          InputStream body) {
        return call(() -> {
            service.stage(registry.authenticate(token), id, read(body, StageUpdate.class));
            return Response.noContent().build();
        });
    }

    @POST
    @Path("builds/{id}/finish")
    public Response finish(@HeaderParam(Protocol.WERKER_TOKEN_HEADER) String token, @PathParam("id") long id,
                           InputStream body) {
        return call(() -> ok(service.finish(registry.authenticate(token), id, read(body, FinishRequest.class))));
    }

    @POST
    @Path("builds/{id}/report")
    public Response report(@HeaderParam(Protocol.WERKER_TOKEN_HEADER) String token, @PathParam("id") long id,
                           InputStream body) {
        return call(() -> ok(service.report(registry.authenticate(token), id, read(body, Report.class))));
    }

    @POST
    @Path("builds/{id}/release")
    public Response release(@HeaderParam(Protocol.WERKER_TOKEN_HEADER) String token, @PathParam("id") long id,
                            InputStream body) {
        return call(() -> {
            service.release(registry.authenticate(token), id, read(body, ReleaseRequest.class));
            return Response.noContent().build();
        });
    }

    /**
     * The one call whose body is not JSON: the file's raw bytes, handed on as a stream (never read whole here); the
     * lease and the file's place ride in the query. The token and the lease are checked before a byte is read.
     */
    @PUT
    @Path("builds/{id}/artifacts")
    @Consumes(MediaType.WILDCARD)
    public Response artifact(@HeaderParam(Protocol.WERKER_TOKEN_HEADER) String token, @PathParam("id") long id,
                             @QueryParam("attempt") Integer attempt, @QueryParam("lease") String lease,
                             @QueryParam("stage") Integer stage, @QueryParam("path") String path,
                             @HeaderParam("Content-Length") Long length, InputStream body) {
        return call(() -> ok(artifacts.upload(registry.authenticate(token), id, attempt, lease, stage, path, length,
                body)));
    }

    @FunctionalInterface
    private interface Call {
        Response run() throws InterruptedException;
    }

    private static Response call(Call call) {
        try {
            return call.run();
        } catch (WerkerApiException e) {
            Response r = error(e.status(), e.getMessage());
            return e.retryAfterSeconds() == null ? r
                    : Response.fromResponse(r).header("Retry-After", e.retryAfterSeconds()).build();
        } catch (Json.MalformedJsonException e) {
            return error(400, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "the server is shutting down");
        } catch (RuntimeException e) {
            log.error("Ocelot werker call failed", e);
            return error(500, "internal error in the Ocelot plugin: " + e.getClass().getSimpleName()
                    + " (see the Bitbucket log)");
        }
    }

    /** Reads at most {@link Protocol#MAX_BODY_BYTES}; a larger body is refused with 413 without reading it all. */
    static <T> T read(InputStream body, Class<T> type) {
        if (body == null) {
            throw WerkerApiException.badRequest("a JSON " + type.getSimpleName() + " body is required");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        try {
            int n;
            while ((n = body.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > Protocol.MAX_BODY_BYTES) {
                    throw new WerkerApiException(413, "request body larger than " + Protocol.MAX_BODY_BYTES
                            + " bytes");
                }
            }
        } catch (IOException e) {
            throw WerkerApiException.badRequest("could not read the request body: " + e.getMessage());
        }
        if (out.size() == 0) {
            throw WerkerApiException.badRequest("a JSON " + type.getSimpleName() + " body is required");
        }
        T value = Json.read(out.toByteArray(), type);
        if (value == null) {
            throw WerkerApiException.badRequest("a JSON " + type.getSimpleName() + " body is required");
        }
        return value;
    }

    private static Response ok(Object entity) {
        return Response.ok(Json.write(entity), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(new ErrorReply(message))).build();
    }
}
