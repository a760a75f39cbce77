package io.ocelot.plugin.web;

import io.ocelot.core.api.CloneCredentialRequest;
import io.ocelot.core.api.RegistryCredentialRequest;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.ArtifactLimits;
import io.ocelot.plugin.ui.OcelotAdministration;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserFacingException;
import io.ocelot.plugin.ui.UserPermissions;
import io.ocelot.plugin.ui.WerkerDirectory;

import javax.inject.Inject;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Ocelot's page in Bitbucket's administration area, {@code /plugins/servlet/ocelot-admin}, for global admins only:
 * the werker registration secret (rotate; the new value is shown once, in the answer to the rotation), the clone
 * credential, the container registry credentials, the werkers (last seen, revoke) and the auto-enable default.
 *
 * <p>Why a page: Bitbucket's HTTP access tokens never carry global ADMIN, so a personal access token cannot do global
 * setup through the REST API; a browser session of an admin can. The REST/CLI path (AdminResource) stays, for Basic
 * authentication. Both go through the same ports ({@link OcelotAdministration}, {@link WerkerDirectory},
 * {@link RepositorySettingsService}) behind the same {@link AccessGuard#requireAdmin()}; nothing is decided here.
 *
 * <p>Every POST carries an {@code action} and this session's form token ({@link FormTokens}); a POST that changes
 * something answers with a redirect (so a reload does not post again), except the rotation, whose answer is the one
 * place the new secret appears. Secrets are accepted and never rendered back.
 */
public final class OcelotAdminServlet extends HttpServlet {
    static final String ROTATE = "rotate-secret";
    static final String CLONE = "clone-credential";
    static final String CLEAR_CLONE = "clear-clone-credential";
    static final String REGISTRY = "registry-credential";
    static final String REMOVE_REGISTRY = "remove-registry-credential";
    static final String REVOKE = "revoke-werker";
    static final String AUTO_ENABLE = "auto-enable";
    static final String ARTIFACTS = "artifact-limits";
    /** What a redirect after a change says on the page; only these keys are shown (never text from the query). */
    private static final Map<String, String> DONE = Map.of(
            CLONE, "Clone credential saved.",
            CLEAR_CLONE, "Clone credential removed: werkers clone anonymously over Bitbucket's HTTP URL.",
            REGISTRY, "Registry credential saved.",
            REMOVE_REGISTRY, "Registry credential removed.",
            REVOKE, "Werker revoked: its token no longer works.",
            AUTO_ENABLE, "Auto-enable default saved.",
            ARTIFACTS, "Artifact limits saved.");

    private final AccessGuard guard;
    private final OcelotAdministration admin;
    private final WerkerDirectory werkers;
    private final RepositorySettingsService settings;
    private final ArtifactLimits artifacts;
    private final PageRenderer renderer;
    private final FormTokens tokens;
    private final LongSupplier clock;

    public OcelotAdminServlet(UserPermissions permissions, RepositorySettingsService settings, OcelotAdministration admin,
                              WerkerDirectory werkers, ArtifactLimits artifacts, PageRenderer renderer, FormTokens tokens,
                              LongSupplier clock) {
        this.guard = new AccessGuard(permissions, settings);
        this.artifacts = artifacts;
        this.admin = admin;
        this.werkers = werkers;
        this.settings = settings;
        this.renderer = renderer;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Bitbucket's constructor: the servlet module autowires the plugin's components. */
    @Inject
    public OcelotAdminServlet(UserPermissions permissions, RepositorySettingsService settings, OcelotAdministration admin,
                              WerkerDirectory werkers, ArtifactLimits artifacts, PageRenderer renderer, FormTokens tokens,
                              java.time.Clock clock) {
        this(permissions, settings, admin, werkers, artifacts, renderer, tokens, clock::millis);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!isThePage(req, resp)) {
            return;
        }
        try {
            guard.requireAdmin();
            String done = DONE.get(String.valueOf(req.getParameter("saved")));
            page(req, resp, 200, done == null ? "" : done, "", "");
        } catch (UserFacingException e) {
            refuse(e, req, resp);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!isThePage(req, resp)) {
            return;
        }
        try {
            String user = guard.requireAdmin();
            if (!tokens.isValid(req)) {
                // a post without this session's token may come from another site: refuse and change nothing
                resp.sendError(403, "The form has expired or did not come from this page. Reload it and try again.");
                return;
            }
            String action = req.getParameter("action");
            if (ROTATE.equals(action)) {
                String secret = admin.rotateRegistrationSecret(user).secret();
                page(req, resp, 200, "", "", secret);
                return;
            }
            try {
                change(action, req, user);
            } catch (UserFacingException e) {
                if (e.kind() != UserFacingException.Kind.BAD_REQUEST && e.kind() != UserFacingException.Kind.NOT_FOUND) {
                    throw e;
                }
                page(req, resp, e.kind() == UserFacingException.Kind.NOT_FOUND ? 404 : 400, "", e.getMessage(), "");
                return;
            }
            resp.sendRedirect(self(req) + "?saved=" + URLEncoder.encode(action, StandardCharsets.UTF_8));
        } catch (UserFacingException e) {
            refuse(e, req, resp);
        }
    }

    /** One form's change, through the ports; bad input is a {@link UserFacingException} naming the field. */
    private void change(String action, HttpServletRequest req, String user) {
        switch (action == null ? "" : action) {
            case CLONE -> admin.setCloneCredential(new CloneCredentialRequest(req.getParameter("kind"),
                    req.getParameter("username"), req.getParameter("token"), req.getParameter("privateKey"),
                    req.getParameter("urlTemplate")), user);
            case CLEAR_CLONE -> admin.clearCloneCredential(user);
            case REGISTRY -> admin.setRegistryCredential(new RegistryCredentialRequest(req.getParameter("host"),
                    req.getParameter("username"), req.getParameter("password")), user);
            case REMOVE_REGISTRY -> {
                if (!admin.removeRegistryCredential(req.getParameter("host"), user)) {
                    throw UserFacingException.notFound("No registry credential for host '" + req.getParameter("host") + "'.");
                }
            }
            case REVOKE -> {
                long id = werkerId(req.getParameter("werkerId"));
                if (!admin.revokeWerker(id, user)) {
                    throw UserFacingException.notFound("Werker " + id + " does not exist.");
                }
            }
            case AUTO_ENABLE -> settings.setAutoEnableGlobal("true".equals(req.getParameter("globalAutoEnable")), user);
            case ARTIFACTS -> artifacts.setArtifactLimits(new ArtifactLimits.Limits(
                    number("maxBuildMiB", req.getParameter("maxBuildMiB")),
                    (int) Math.min(Integer.MAX_VALUE, number("retentionDays", req.getParameter("retentionDays")))), user);
            default -> throw UserFacingException.badRequest("action: '" + action + "' is not one of " + ROTATE + ", "
                    + CLONE + ", " + CLEAR_CLONE + ", " + REGISTRY + ", " + REMOVE_REGISTRY + ", " + REVOKE + ", "
                    + AUTO_ENABLE + ", " + ARTIFACTS);
        }
    }

    private static long number(String field, String value) {
        try {
            return Long.parseLong(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw UserFacingException.badRequest(field + ": '" + value + "' is not a whole number");
        }
    }

    private static long werkerId(String value) {
        try {
            return Long.parseLong(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw UserFacingException.badRequest("werkerId: '" + value + "' is not a werker id");
        }
    }

    private void page(HttpServletRequest req, HttpServletResponse resp, int status, String saved, String error,
                      String newSecret) throws IOException {
        long now = clock.getAsLong();
        Map<String, Object> data = new HashMap<>();
        data.put("formAction", PageUrls.checked(self(req)));
        data.put("atlToken", tokens.issue(req));
        data.put("saved", saved);
        data.put("error", error);
        data.put("newSecret", newSecret == null ? "" : newSecret);
        data.put("secret", PageModels.registrationSecret(admin.registrationSecret(), now));
        data.put("clone", PageModels.cloneCredential(admin.cloneCredential(), now));
        data.put("registries", PageModels.registries(admin.registryCredentials(), now));
        data.put("werkers", PageModels.werkers(werkers.werkers(), now));
        data.put("globalAutoEnable", settings.autoEnableGlobal());
        ArtifactLimits.Limits limits = artifacts.artifactLimits();
        data.put("artifactMaxMiB", limits.maxBuildMiB());
        data.put("artifactRetentionDays", limits.retentionDays());
        StringWriter html = new StringWriter(); // render fully first: a template error becomes a 500, not half a page
        renderer.render(html, PageRenderer.ADMIN, data, null);
        resp.setStatus(status);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store"); // the rotation's answer holds the new secret
        resp.getWriter().write(html.toString());
    }

    private static boolean isThePage(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getPathInfo() == null || req.getPathInfo().equals("/")) {
            return true;
        }
        resp.sendError(404, "No Ocelot page here.");
        return false;
    }

    private static String self(HttpServletRequest req) {
        return req.getContextPath() + req.getServletPath();
    }

    private static void refuse(UserFacingException e, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (e.kind() == UserFacingException.Kind.UNAUTHENTICATED) {
            String back = req.getRequestURI();
            resp.sendRedirect(req.getContextPath() + "/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            return;
        }
        // FORBIDDEN: the guard's words only ("You need ADMIN permission..."), nothing about Ocelot's configuration
        resp.sendError(e.kind() == UserFacingException.Kind.FORBIDDEN ? 403 : 400, e.getMessage());
    }
}
