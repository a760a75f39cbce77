package io.ocelot.plugin.testkit;

import io.ocelot.core.Json;
import io.ocelot.core.protocol.Messages.ErrorReply;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.Optional;

/**
 * Stands in for Bitbucket's own authentication in front of every plugin REST resource. Bitbucket reads
 * {@code Authorization: Bearer} itself, as one of its HTTP access tokens: a token it knows makes the request that
 * user's; one it does not know is refused with 401 before any plugin resource runs (docs/plugin.md, "Werker
 * endpoints"). That is why werkers send their token in {@code X-Ocelot-Werker-Token}, which Bitbucket ignores: the
 * werker endpoints are reached as an anonymous request, with no Bitbucket user. No header: anonymous.
 */
@PreMatching
public final class BitbucketAuthenticationFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private final InMemoryUserPermissions users;
    private final FakeBitbucket bitbucket;

    public BitbucketAuthenticationFilter(InMemoryUserPermissions users, FakeBitbucket bitbucket) {
        this.users = users;
        this.bitbucket = bitbucket;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString("Authorization");
        String user = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<String> known = users.userForToken(header.substring(7).trim());
            if (known.isEmpty()) {
                request.abortWith(Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                        .header("WWW-Authenticate", "Bearer")
                        .entity(Json.write(new ErrorReply("Authentication failed. Please check your credentials and try again.")))
                        .build());
                return;
            }
            user = known.get();
        }
        bitbucket.runAs(user);
        users.runAs(user); // for test code that asks the in-memory model who is signed in
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        bitbucket.runAs(null);
        users.runAs(null);
    }
}
