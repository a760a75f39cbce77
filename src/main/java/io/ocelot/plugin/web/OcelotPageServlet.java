package io.ocelot.plugin.web;

import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.SettingsView;
import io.ocelot.core.api.UserApi;
import io.ocelot.plugin.rest.user.RepositoryResource;
import io.ocelot.plugin.security.AccessGuard;
import io.ocelot.plugin.security.RepoPermission;
import io.ocelot.plugin.security.UserPermissions;
import io.ocelot.plugin.ui.BuildFilter;
import io.ocelot.plugin.ui.BuildLookup;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.RepositoryRef;
import io.ocelot.plugin.ui.RepositorySettings;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.SettingsRules;
import io.ocelot.plugin.ui.UserFacingException;

import javax.inject.Inject;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ocelot's pages under {@code /plugins/servlet/ocelot}:
 * <pre>
 * /projects/{key}/repos/{slug}/settings      GET, POST (REPO_ADMIN; POST needs the form's atl_token)
 * /projects/{key}/repos/{slug}/builds        GET ?branch=&amp;result=&amp;group= (REPO_READ, tracked)
 * /projects/{key}/repos/{slug}/builds/{id}   GET (REPO_READ, tracked) — where build-status links land
 * </pre>
 * Every URL handed to a template went through {@link PageUrls} (Bitbucket's Soy escapes HTML, not URLs).
 * Access is decided by the same {@link AccessGuard} as the REST API; an anonymous visitor is sent to the login page
 * and comes back after. The settings form posts, then redirects (so a reload does not post again).
 */
public final class OcelotPageServlet extends HttpServlet {
    private static final Pattern PATH = Pattern.compile("/projects/([^/]+)/repos/([^/]+)/(settings|builds)(?:/(\\d{1,18}))?/?");
    /** The web-resource context with ocelot-log.js and ocelot.css (atlassian-plugin.xml). */
    public static final String BUILD_PAGE_CONTEXT = "ocelot.build-page";

    private final AccessGuard guard;
    private final BuildReadModel builds;
    private final RepositorySettingsService settings;
    private final PageRenderer renderer;
    private final FormTokens tokens;
    private final LongSupplier clock;

    public OcelotPageServlet(UserPermissions permissions, BuildReadModel builds, RepositorySettingsService settings,
                             PageRenderer renderer, FormTokens tokens, LongSupplier clock) {
        this.guard = new AccessGuard(permissions, settings);
        this.builds = builds;
        this.settings = settings;
        this.renderer = renderer;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Bitbucket's constructor: the servlet module autowires the plugin's components. */
    @Inject
    public OcelotPageServlet(UserPermissions permissions, BuildReadModel builds, RepositorySettingsService settings,
                             PageRenderer renderer, FormTokens tokens, java.time.Clock clock) {
        this(permissions, builds, settings, renderer, tokens, clock::millis);
    }

    private record Target(RepositoryRef repo, String page, Long buildId) {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, false);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, true);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp, boolean post) throws IOException {
        Matcher m = PATH.matcher(req.getPathInfo() == null ? "" : req.getPathInfo());
        if (!m.matches()) {
            resp.sendError(404, "No Ocelot page here.");
            return;
        }
        try {
            Target t = new Target(RepositoryRef.parse(m.group(1), m.group(2)), m.group(3),
                    m.group(4) == null ? null : Long.parseLong(m.group(4)));
            if (t.page().equals("settings") && t.buildId() == null) {
                if (post) {
                    saveSettings(t.repo(), req, resp);
                } else {
                    settingsPage(t.repo(), req, resp, 200, null);
                }
            } else if (post) {
                resp.sendError(405, "Only the settings page takes a POST.");
            } else if (t.page().equals("builds") && t.buildId() != null) {
                buildPage(t.repo(), t.buildId(), req, resp);
            } else if (t.page().equals("builds")) {
                listPage(t.repo(), req, resp);
            } else {
                resp.sendError(404, "No Ocelot page here.");
            }
        } catch (UserFacingException e) {
            refuse(e, req, resp);
        }
    }

    private void refuse(UserFacingException e, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (e.kind() == UserFacingException.Kind.UNAUTHENTICATED) {
            String back = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
            resp.sendRedirect(req.getContextPath() + "/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            return;
        }
        int status = switch (e.kind()) {
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            default -> 400;
        };
        resp.sendError(status, e.getMessage());
    }

    private void settingsPage(RepositoryRef repo, HttpServletRequest req, HttpServletResponse resp, int status,
                              String error) throws IOException {
        guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
        Map<String, Object> data = new HashMap<>();
        data.put("projectKey", repo.projectKey());
        data.put("repositorySlug", repo.slug());
        data.put("settings", PageModels.settings(SettingsRules.toView(settings.get(repo))));
        data.put("formAction", PageUrls.checked(req.getContextPath() + req.getServletPath() + req.getPathInfo()));
        data.put(("atlToken"), tokens.issue(req));
        data.put("saved", error == null && "1".equals(req.getParameter("saved")));
        data.put("error", error == null ? "" : error);
        boolean projectAdmin = guard.isProjectAdmin(repo.projectKey());
        data.put("projectAdmin", projectAdmin);
        data.put("admin", guard.isAdmin());
        data.put("projectAutoEnable", settings.autoEnableForProject(repo.projectKey()).map(b -> b ? "on" : "off").orElse("default"));
        data.put("globalAutoEnable", settings.autoEnableGlobal());
        send(resp, status, PageRenderer.SETTINGS, data, null);
    }

    private void saveSettings(RepositoryRef repo, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String user = guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
        if (!tokens.isValid(req)) {
            // a post without this session's token may come from another site: refuse and change nothing
            resp.sendError(403, "The form has expired or did not come from this page. Reload it and save again.");
            return;
        }
        RepositorySettings current = settings.get(repo);
        try {
            SettingsRules.toChange(fromForm(req, current), current); // validate everything before saving anything
            String projectAuto = req.getParameter("projectAutoEnable");
            if (projectAuto != null && !List.of("default", "on", "off").contains(projectAuto)) {
                throw UserFacingException.badRequest("projectAutoEnable: default, on or off");
            }
            settings.save(repo, SettingsRules.toChange(fromForm(req, current), current), user);
            if (projectAuto != null && guard.isProjectAdmin(repo.projectKey())) {
                settings.setAutoEnableForProject(repo.projectKey(),
                        projectAuto.equals("default") ? Optional.empty() : Optional.of(projectAuto.equals("on")), user);
            }
            if (guard.isAdmin()) {
                settings.setAutoEnableGlobal("true".equals(req.getParameter("globalAutoEnable")), user);
            }
        } catch (UserFacingException e) {
            if (e.kind() != UserFacingException.Kind.BAD_REQUEST) {
                throw e;
            }
            settingsPage(repo, req, resp, 400, e.getMessage());
            return;
        }
        resp.sendRedirect(req.getContextPath() + req.getServletPath() + req.getPathInfo() + "?saved=1");
    }

    /** The form as a {@link SettingsView} (so the form and REST PUT go through the same rules). */
    private static SettingsView fromForm(HttpServletRequest req, RepositorySettings current) {
        String labels = Optional.ofNullable(req.getParameter("werkerLabels")).orElse("");
        Map<String, String> secrets = new LinkedHashMap<>();
        String newName = trim(req.getParameter("newSecretName"));
        String newValue = req.getParameter("newSecretValue");
        if (!newName.isEmpty() || (newValue != null && !newValue.isEmpty())) {
            secrets.put(newName, newValue);
        }
        List<String> remove = list(req.getParameterValues("removeSecret"));
        List<String> removeTargets = list(req.getParameterValues("removeTarget"));
        List<SettingsView.Target> targets = new ArrayList<>();
        for (String id : current.slackWebhooks().keySet()) {
            if (!removeTargets.contains(id)) {
                targets.add(new SettingsView.Target(id, null, null));
            }
        }
        String newTarget = trim(req.getParameter("newTargetId"));
        String newUrl = trim(req.getParameter("newTargetUrl"));
        if (!newTarget.isEmpty() || !newUrl.isEmpty()) {
            targets.removeIf(t -> t.identifier().equals(newTarget));
            targets.add(new SettingsView.Target(newTarget, newUrl.isEmpty() ? null : newUrl, null));
        }
        return new SettingsView("true".equals(req.getParameter("enabled")),
                Arrays.asList(labels.split("[\\s,]+")),
                "true".equals(req.getParameter("buildTags")),
                "true".equals(req.getParameter("buildPullRequests")),
                "true".equals(req.getParameter("autoCancel")),
                req.getParameter("buildGroup"), null, secrets, remove, targets);
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }

    private void buildPage(RepositoryRef repo, long id, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        guard.requireTracked(repo, RepoPermission.REPO_READ);
        BuildDetail d = new BuildLookup(guard, builds, settings).build(id, RepoPermission.REPO_READ);
        if (!d.build().projectKey().equals(repo.projectKey()) || !d.build().repositorySlug().equals(repo.slug())) {
            throw UserFacingException.notFound("Build " + id + " is not a build of " + repo + ".");
        }
        long now = clock.getAsLong();
        Map<String, Object> data = new HashMap<>();
        data.put("projectKey", repo.projectKey());
        data.put("repositorySlug", repo.slug());
        data.put("build", PageModels.build(d, req.getContextPath(), now));
        data.put("stages", PageModels.stages(d.stages()));
        data.put("notifications", PageModels.notifications(d.notifications()));
        data.put("tests", TestsModel.of(d));
        data.put("logUrl", PageUrls.checked(req.getContextPath() + UserApi.BASE + "/builds/" + id + "/log"));
        data.put("listUrl", PageUrls.checked(req.getContextPath() + req.getServletPath() + "/projects/" + repo.projectKey()
                + "/repos/" + repo.slug() + "/builds"));
        send(resp, 200, PageRenderer.BUILD, data, BUILD_PAGE_CONTEXT);
    }

    private void listPage(RepositoryRef repo, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        guard.requireTracked(repo, RepoPermission.REPO_READ);
        BuildFilter filter = RepositoryResource.filter(req.getParameter("branch"), req.getParameter("result"), req.getParameter("group"));
        long now = clock.getAsLong();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BuildSummary b : builds.recentBuilds(List.of(repo), filter, UserApi.DEFAULT_LIMIT * 2)) {
            rows.add(PageModels.summary(b, req.getContextPath(), now));
        }
        Map<String, Object> data = new HashMap<>();
        data.put("projectKey", repo.projectKey());
        data.put("repositorySlug", repo.slug());
        data.put("builds", rows);
        data.put("branch", filter.branch() == null ? "" : filter.branch());
        data.put("result", filter.state() == null ? "" : filter.state().name());
        data.put("group", filter.group() == null ? "" : filter.group());
        data.put("results", PageModels.results());
        data.put("formAction", PageUrls.checked(req.getContextPath() + req.getServletPath() + req.getPathInfo()));
        send(resp, 200, PageRenderer.BUILDS, data, null);
    }

    private void send(HttpServletResponse resp, int status, String template, Map<String, Object> data, String context)
            throws IOException {
        StringWriter html = new StringWriter(); // render fully first: a template error becomes a 500, not half a page
        renderer.render(html, template, data, context);
        resp.setStatus(status);
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(html.toString());
    }

}
