package io.ocelot.plugin.web;

import io.ocelot.core.api.SettingsView;
import io.ocelot.core.api.UserApi;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.BuildFilter;
import io.ocelot.plugin.ui.BuildLookup;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.UserPermissions;
import io.ocelot.plugin.ui.BuildArtifacts;
import io.ocelot.plugin.ui.BuildAttempts;
import io.ocelot.plugin.ui.BuildCommands;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.RepositorySettingsView;
import io.ocelot.plugin.ui.SettingsRules;
import io.ocelot.plugin.ui.UserFacingException;

import javax.inject.Inject;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
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
 * /projects/{key}/repos/{slug}/builds/{id}   GET (REPO_READ, tracked) — where build-status links land ({@link BuildPage})
 * /projects/{key}/repos/{slug}/builds/{id}/log                 GET, the log as a text/plain download
 * /projects/{key}/repos/{slug}/builds/{id}/artifacts/{path}    GET, an artifact as a download
 * /projects/{key}/repos/{slug}/builds/{id}/(rebuild|cancel)    POST (REPO_WRITE, atl_token)
 * /projects/{key}/repos/{slug}/badge.svg     GET ?branch= (REPO_READ: anonymous on public repositories) ({@link BuildBadge})
 * /projects/{key}/builds, /builds            GET, the project's and every repository's builds ({@link BuildListPage})
 * </pre>
 * Every URL handed to a template went through {@link PageUrls} (Bitbucket's Soy escapes HTML, not URLs).
 * Access is decided by the same {@link AccessGuard} as the REST API; an anonymous visitor is sent to the login page
 * and comes back after. The settings form posts, then redirects (so a reload does not post again).
 */
public final class OcelotPageServlet extends HttpServlet {
    private static final Pattern PATH = Pattern.compile("/projects/([^/]+)/repos/([^/]+)/(settings|builds|badge\\.svg)(?:/(\\d{1,18})(?:/(log|rebuild|cancel)|/artifacts/(.+))?)?/?");
    private static final Pattern PROJECT_LIST = Pattern.compile("/projects/([^/]+)/builds/?");
    private static final Pattern ALL_LIST = Pattern.compile("/builds/?");
    /** The web-resource context with ocelot-log.js and ocelot.css (atlassian-plugin.xml). */
    public static final String BUILD_PAGE_CONTEXT = "ocelot.build-page";

    private final AccessGuard guard;
    private final RepositorySettingsService settings;
    private final PageRenderer renderer;
    private final FormTokens tokens;
    private final BuildPage buildPage;
    private final BuildListPage lists;
    private final BuildBadge badge;

    /** Without artifact storage: build pages list no artifacts. */
    public OcelotPageServlet(UserPermissions permissions, BuildReadModel builds, BuildAttempts attempts,
                             BuildCommands commands, RepositorySettingsService settings,
                             PageRenderer renderer, FormTokens tokens, LongSupplier clock) {
        this(permissions, builds, attempts, commands, BuildArtifacts.NONE, settings, renderer, tokens, clock);
    }

    public OcelotPageServlet(UserPermissions permissions, BuildReadModel builds, BuildAttempts attempts,
                             BuildCommands commands, BuildArtifacts artifacts, RepositorySettingsService settings,
                             PageRenderer renderer, FormTokens tokens, LongSupplier clock) {
        this.guard = new AccessGuard(permissions, settings);
        this.settings = settings;
        this.renderer = renderer;
        this.tokens = tokens;
        this.buildPage = new BuildPage(guard, builds, attempts, commands, artifacts, settings, renderer, tokens, clock);
        this.lists = new BuildListPage(guard, builds, settings, renderer, clock);
        this.badge = new BuildBadge(permissions, builds, settings);
    }

    /** Bitbucket's constructor: the servlet module autowires the plugin's components. */
    @Inject
    public OcelotPageServlet(UserPermissions permissions, BuildReadModel builds, BuildAttempts attempts,
                             BuildCommands commands, BuildArtifacts artifacts, RepositorySettingsService settings,
                             PageRenderer renderer, FormTokens tokens, java.time.Clock clock) {
        this(permissions, builds, attempts, commands, artifacts, settings, renderer, tokens, clock::millis);
    }

    private record Target(RepositoryName repo, String page, Long buildId, String action, String artifact) {
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
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        Matcher m = PATH.matcher(path);
        Matcher project = PROJECT_LIST.matcher(path);
        try {
            if (!m.matches()) {
                if (post) {
                    resp.sendError(405, "This page takes no POST.");
                } else if (project.matches()) {
                    lists.project(project.group(1), req, resp);
                } else if (ALL_LIST.matcher(path).matches()) {
                    lists.all(req, resp);
                } else {
                    resp.sendError(404, "No Ocelot page here.");
                }
                return;
            }
            Target t = new Target(RepositoryName.parse(m.group(1), m.group(2)), m.group(3),
                    m.group(4) == null ? null : Long.parseLong(m.group(4)), m.group(5), m.group(6));
            route(t, req, resp, post);
        } catch (UserFacingException e) {
            refuse(e, req, resp);
        }
    }

    private void route(Target t, HttpServletRequest req, HttpServletResponse resp, boolean post) throws IOException {
        boolean builds = t.page().equals("builds");
        if (t.page().equals("settings") && t.buildId() == null) {
            if (post) {
                saveSettings(t.repo(), req, resp);
            } else {
                settingsPage(t.repo(), req, resp, 200, null);
            }
        } else if (builds && t.action() != null && !t.action().equals("log")) {
            if (post) {
                buildPage.act(t.repo(), t.buildId(), t.action(), req, resp);
            } else {
                resp.sendError(405, "Rebuild and cancel take a POST (the buttons on the build page).");
            }
        } else if (post) {
            resp.sendError(405, "Only the settings page and the build actions take a POST.");
        } else if (builds && t.artifact() != null) {
            buildPage.artifact(t.repo(), t.buildId(), t.artifact(), resp);
        } else if (builds && "log".equals(t.action())) {
            buildPage.download(t.repo(), t.buildId(), req, resp);
        } else if (builds && t.buildId() != null) {
            buildPage.show(t.repo(), t.buildId(), req, resp);
        } else if (builds) {
            lists.repository(t.repo(), req, resp);
        } else if (t.page().equals("badge.svg") && t.buildId() == null) {
            badge.serve(t.repo(), req, resp);
        } else {
            resp.sendError(404, "No Ocelot page here.");
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

    private void settingsPage(RepositoryName repo, HttpServletRequest req, HttpServletResponse resp, int status,
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
        data.put("badgeMarkdown", badgeMarkdown(repo, req));
        data.put("badgeUrl", PageUrls.checked(req.getContextPath() + req.getServletPath() + "/projects/"
                + repo.projectKey() + "/repos/" + repo.slug() + "/badge.svg?branch=main"));
        send(resp, status, PageRenderer.SETTINGS, data, null);
    }

    private void saveSettings(RepositoryName repo, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String user = guard.requireRepository(repo, RepoPermission.REPO_ADMIN);
        if (!tokens.isValid(req)) {
            // a post without this session's token may come from another site: refuse and change nothing
            resp.sendError(403, "The form has expired or did not come from this page. Reload it and save again.");
            return;
        }
        RepositorySettingsView current = settings.get(repo);
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
    private static SettingsView fromForm(HttpServletRequest req, RepositorySettingsView current) {
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

    /** The README snippet: the badge linking to the build list, as absolute URLs of this Bitbucket. */
    private static String badgeMarkdown(RepositoryName repo, HttpServletRequest req) {
        String origin = req.getScheme() + "://" + req.getServerName()
                + (req.getServerPort() == 80 || req.getServerPort() == 443 ? "" : ":" + req.getServerPort());
        String pages = origin + req.getContextPath() + req.getServletPath() + "/projects/" + repo.projectKey()
                + "/repos/" + repo.slug();
        return "[![Ocelot build](" + pages + "/badge.svg?branch=main)](" + pages + "/builds?branch=main)";
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }

    private void send(HttpServletResponse resp, int status, String template, Map<String, Object> data, String context)
            throws IOException {
        PageResponses.send(renderer, resp, status, template, data, context);
    }

}
