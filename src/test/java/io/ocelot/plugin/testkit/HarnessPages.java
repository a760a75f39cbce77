package io.ocelot.plugin.testkit;

import io.ocelot.plugin.ui.UserPermissions;
import io.ocelot.plugin.web.FormTokens;
import io.ocelot.plugin.web.OcelotAdminServlet;
import io.ocelot.plugin.web.OcelotPageServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The plugin's two page servlets as {@link PluginHarness} serves them (option {@code pages(true)}): Jetty 9.4, the
 * REAL {@link OcelotPageServlet} at {@code /plugins/servlet/ocelot/*} and {@link OcelotAdminServlet} at
 * {@code /plugins/servlet/ocelot-admin/*}, over the harness's store-backed ports and its {@code
 * BitbucketUserPermissions} over {@link FakeBitbucket}, rendered by {@link GoogleSoyPageRenderer}. Unlike {@link
 * PageServer} (the in-memory model), a request is authenticated exactly as the harness's REST stand-in does it
 * ({@link BitbucketAuthenticationFilter}): a known bearer token makes it that user's in FakeBitbucket, an unknown one
 * is refused with 401, none is anonymous. {@code /login} is a placeholder for Bitbucket's login page; a browser signs
 * in with {@code /login?as=TOKEN}, which keeps that user in its HTTP session as Bitbucket's login does (so requests a
 * browser makes on its own, such as a download, are the user's too).
 */
final class HarnessPages implements AutoCloseable {
    private static final String SESSION_USER = "ocelot.test.user";
    private final Server server;
    final String baseUrl;

    HarnessPages(PluginServices services, UserPermissions permissions, InMemoryUserPermissions users,
                 FakeBitbucket bitbucket) {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new Authentication(users, bitbucket)), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        GoogleSoyPageRenderer renderer = new GoogleSoyPageRenderer();
        FormTokens tokens = new FormTokens();
        context.addServlet(new ServletHolder(new OcelotPageServlet(permissions, services.readModel,
                services.attempts, services.commands, services.buildArtifacts, services.settingsService, renderer, tokens, services.clock::millis)), "/plugins/servlet/ocelot/*");
        context.addServlet(new ServletHolder(new OcelotAdminServlet(permissions, services.settingsService,
                services.administration, services.werkerDirectory, services.artifactLimits, renderer, tokens,
                services.clock::millis)),
                "/plugins/servlet/ocelot-admin/*");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                String as = req.getParameter("as");
                if (as != null) {
                    Optional<String> user = users.userForToken(as);
                    if (user.isEmpty()) {
                        resp.sendError(401, "Unknown user.");
                        return;
                    }
                    req.getSession(true).setAttribute(SESSION_USER, user.get());
                }
                resp.setContentType("text/plain");
                resp.getWriter().write("login page");
            }
        }), "/login");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the harness's page server did not start", e);
        }
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // best effort: a test server
        }
    }

    /** {@link BitbucketAuthenticationFilter} for servlets: the same three cases, the same current user. */
    private static final class Authentication implements Filter {
        private final InMemoryUserPermissions users;
        private final FakeBitbucket bitbucket;

        Authentication(InMemoryUserPermissions users, FakeBitbucket bitbucket) {
            this.users = users;
            this.bitbucket = bitbucket;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String header = ((HttpServletRequest) request).getHeader("Authorization");
            String user = null;
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Optional<String> known = users.userForToken(header.substring(7).trim());
                if (known.isEmpty()) {
                    HttpServletResponse resp = (HttpServletResponse) response;
                    resp.setHeader("WWW-Authenticate", "Bearer");
                    resp.sendError(401, "Authentication failed. Please check your credentials and try again.");
                    return;
                }
                user = known.get();
            } else if (((HttpServletRequest) request).getSession(false) != null) {
                user = (String) ((HttpServletRequest) request).getSession(false).getAttribute(SESSION_USER);
            }
            bitbucket.runAs(user);
            users.runAs(user);
            try {
                chain.doFilter(request, response);
            } finally {
                bitbucket.runAs(null);
                users.runAs(null);
            }
        }
    }
}
