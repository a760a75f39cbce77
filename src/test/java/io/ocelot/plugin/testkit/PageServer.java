package io.ocelot.plugin.testkit;

import io.ocelot.plugin.ui.ParserPipelineValidator;
import io.ocelot.plugin.rest.user.BuildResource;
import io.ocelot.plugin.rest.user.OcelotResource;
import io.ocelot.plugin.rest.user.RepositoryResource;
import io.ocelot.plugin.web.FormTokens;
import io.ocelot.plugin.web.OcelotAdminServlet;
import io.ocelot.plugin.web.OcelotPageServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.DefaultServlet;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.EnumSet;

/**
 * A small stand-in for Bitbucket's web tier: Jetty 9.4 (javax.servlet) with context path {@code /bitbucket}, the REAL
 * page servlet at {@code /plugins/servlet/ocelot/*} and admin page servlet at {@code /plugins/servlet/ocelot-admin}, the REAL REST resources at {@code /rest/ocelot/1.0/*}, the
 * plugin's static files at {@code /static/*}, and authentication from a bearer token or the {@code user} session
 * attribute (set by {@code /login?as=TOKEN}, to test the browser flow).
 */
public final class PageServer implements AutoCloseable {
    public final InMemoryOcelot ocelot;
    public final InMemoryUserPermissions permissions;
    public final GoogleSoyPageRenderer renderer = new GoogleSoyPageRenderer();
    private final Server server;
    public final String baseUrl;

    public PageServer(InMemoryOcelot ocelot, InMemoryUserPermissions permissions, String staticDir) throws Exception {
        this(ocelot, permissions, staticDir, r -> r);
    }

    /** @param decorate wraps the page renderer (the screenshots add what Bitbucket's decorator would: AUI, scripts) */
    public PageServer(InMemoryOcelot ocelot, InMemoryUserPermissions permissions, String staticDir,
                      java.util.function.UnaryOperator<io.ocelot.plugin.web.PageRenderer> decorate) throws Exception {
        this.ocelot = ocelot;
        this.permissions = permissions;
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/bitbucket");
        context.addFilter(new FilterHolder(new Authentication(permissions)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new OcelotPageServlet(permissions, ocelot, ocelot, ocelot, ocelot, decorate.apply(renderer),
                new FormTokens(), () -> ocelot.clock)), "/plugins/servlet/ocelot/*");
        context.addServlet(new ServletHolder(new OcelotAdminServlet(permissions, ocelot, ocelot, ocelot,
                new HeldArtifactLimits(), decorate.apply(renderer), new FormTokens(), () -> ocelot.clock)), "/plugins/servlet/ocelot-admin/*");
        ResourceConfig rest = new ResourceConfig()
                .register(new BuildResource(permissions, ocelot, ocelot, ocelot,
                        new io.ocelot.plugin.build.LogSignal()))
                .register(new RepositoryResource(permissions, ocelot, ocelot, ocelot, ocelot))
                .register(new OcelotResource(permissions, ocelot, ocelot, ocelot, ocelot, new ParserPipelineValidator()));
        context.addServlet(new ServletHolder(new ServletContainer(rest)), "/rest/ocelot/1.0/*");
        context.addServlet(new ServletHolder(new javax.servlet.http.HttpServlet() {
            @Override
            protected void doGet(javax.servlet.http.HttpServletRequest req, javax.servlet.http.HttpServletResponse resp)
                    throws IOException {
                permissions.userForToken(req.getParameter("as")).ifPresent(u -> req.getSession(true).setAttribute("user", u));
                String then = req.getParameter("then");
                if (then != null && then.startsWith("/") && !then.startsWith("//")) {
                    resp.sendRedirect(req.getContextPath() + then);
                    return;
                }
                resp.setContentType("text/plain");
                resp.getWriter().write("login page");
            }
        }), "/login");
        if (staticDir != null) {
            ServletHolder files = new ServletHolder(new DefaultServlet());
            files.setInitParameter("resourceBase", staticDir);
            files.setInitParameter("pathInfoOnly", "true");
            context.addServlet(files, "/static/*");
        }
        server.setHandler(context);
        server.start();
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort() + "/bitbucket";
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static final class Authentication implements Filter {
        private final InMemoryUserPermissions permissions;

        Authentication(InMemoryUserPermissions permissions) {
            this.permissions = permissions;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest req = (HttpServletRequest) request;
            String header = req.getHeader("Authorization");
            String user = header != null && header.startsWith("Bearer ")
                    ? permissions.userForToken(header.substring(7).trim()).orElse(null) : null;
            if (user == null && req.getSession(false) != null) {
                user = (String) req.getSession(false).getAttribute("user");
            }
            permissions.runAs(user);
            try {
                chain.doFilter(request, response);
            } finally {
                permissions.runAs(null);
            }
        }
    }

    /** The admin page's artifact limits, held in memory with the same checks as the store's. */
    private static final class HeldArtifactLimits implements io.ocelot.plugin.ui.ArtifactLimits {
        private volatile Limits limits = new Limits(1024, 14);

        @Override
        public Limits artifactLimits() {
            return limits;
        }

        @Override
        public void setArtifactLimits(Limits l, String user) {
            limits = io.ocelot.plugin.ui.ArtifactLimits.checked(l);
        }
    }
}
