package io.ocelot.plugin.testkit;

import com.sun.net.httpserver.HttpServer;
import io.ocelot.plugin.rest.user.AdminResource;
import io.ocelot.plugin.rest.user.BuildResource;
import io.ocelot.plugin.rest.user.OcelotResource;
import io.ocelot.plugin.rest.user.RepositoryResource;
import io.ocelot.plugin.ui.PipelineValidator;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import java.net.URI;

/**
 * The REAL user REST resources served by Jersey on the JDK HTTP server at 127.0.0.1 (random port), under
 * {@code /rest/ocelot/1.0}, over the in-memory model. Authentication stands in for Bitbucket's: a bearer token is
 * resolved to a user as a personal access token would be; none or unknown = anonymous.
 */
public final class UserApiServer implements AutoCloseable {
    public final InMemoryOcelot ocelot;
    public final InMemoryUserPermissions permissions;
    private final HttpServer server;
    public final String baseUrl;

    public UserApiServer(InMemoryOcelot ocelot, InMemoryUserPermissions permissions, PipelineValidator validator) {
        this.ocelot = ocelot;
        this.permissions = permissions;
        ResourceConfig config = new ResourceConfig()
                .register(new BuildResource(permissions, ocelot, ocelot, ocelot,
                        new io.ocelot.plugin.build.LogSignal()))
                .register(new RepositoryResource(permissions, ocelot, ocelot, ocelot, ocelot))
                .register(new OcelotResource(permissions, ocelot, ocelot, ocelot, ocelot, validator))
                .register(new AdminResource(permissions, ocelot, ocelot, ocelot))
                .register(new BearerAuthentication(permissions))
                .register(BitbucketXsrfCheck.class);
        server = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/rest/ocelot/1.0/"), config);
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @PreMatching
    static final class BearerAuthentication implements ContainerRequestFilter, ContainerResponseFilter {
        private final InMemoryUserPermissions permissions;

        BearerAuthentication(InMemoryUserPermissions permissions) {
            this.permissions = permissions;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            String header = request.getHeaderString("Authorization");
            String token = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
            permissions.runAs(permissions.userForToken(token).orElse(null));
        }

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            permissions.runAs(null);
        }
    }
}
