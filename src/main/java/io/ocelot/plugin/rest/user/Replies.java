package io.ocelot.plugin.rest.user;

import io.ocelot.core.Json;
import io.ocelot.core.api.ErrorReply;
import io.ocelot.plugin.ui.UserFacingException;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * Runs a resource method and writes its answer with the core's JSON codec (so the plugin needs no JSON provider
 * from the host and the CLI reads exactly what was written). A {@link UserFacingException} becomes its status with an
 * {@link ErrorReply}; malformed JSON a 400.
 */
final class Replies {
    private Replies() {
    }

    static Response json(Supplier<Object> body) {
        try {
            return Response.ok(Json.write(body.get()), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (UserFacingException e) {
            return error(e);
        } catch (Json.MalformedJsonException e) {
            return error(UserFacingException.badRequest(e.getMessage()));
        }
    }

    /** For a change with nothing to answer: 204, or the refusal. */
    static Response noContent(Runnable change) {
        try {
            change.run();
            return Response.noContent().build();
        } catch (UserFacingException e) {
            return error(e);
        } catch (Json.MalformedJsonException e) {
            return error(UserFacingException.badRequest(e.getMessage()));
        }
    }

    static Response error(UserFacingException e) {
        int status = switch (e.kind()) {
            case BAD_REQUEST -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
        ErrorReply reply = new ErrorReply(e.getMessage(), e.candidates().isEmpty() ? null : e.candidates());
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.write(reply)).build();
    }

    static <T> T body(String json, Class<T> type, T whenEmpty) {
        if (json == null || json.isBlank()) {
            if (whenEmpty == null) {
                throw UserFacingException.badRequest("a JSON " + type.getSimpleName() + " body is required");
            }
            return whenEmpty;
        }
        return Json.read(json, type);
    }
}
