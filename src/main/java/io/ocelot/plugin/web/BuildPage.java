package io.ocelot.plugin.web;

import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.StageView;
import io.ocelot.core.api.TriggerResponse;
import io.ocelot.core.api.UserApi;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.artifact.ArtifactPath;
import io.ocelot.plugin.ui.BuildArtifacts;
import io.ocelot.plugin.ui.BuildAttempts;
import io.ocelot.plugin.ui.BuildCommands;
import io.ocelot.plugin.ui.BuildLookup;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.LogSections;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserFacingException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One build's page and what it offers: {@code builds/{id}} (REPO_READ; {@code ?attempt=N} shows an earlier attempt
 * of a requeued build), {@code builds/{id}/log} (the plain-text download, REPO_READ, {@code ?attempt=N}),
 * {@code builds/{id}/artifacts/<path>} (an artifact's download, REPO_READ), and the
 * POST actions {@code builds/{id}/rebuild} and {@code builds/{id}/cancel} (REPO_WRITE and this session's form token,
 * checked here whatever the page showed; the buttons are only shown with REPO_WRITE). The actions answer with a
 * redirect (to the new build, or back), so a reload does not act twice.
 */
final class BuildPage {
    private final AccessGuard guard;
    private final BuildLookup lookup;
    private final BuildReadModel builds;
    private final BuildAttempts attempts;
    private final BuildCommands commands;
    private final BuildArtifacts artifacts;
    private final PageRenderer renderer;
    private final FormTokens tokens;
    private final LongSupplier clock;

    BuildPage(AccessGuard guard, BuildReadModel builds, BuildAttempts attempts, BuildCommands commands,
              BuildArtifacts artifacts, RepositorySettingsService settings, PageRenderer renderer, FormTokens tokens,
              LongSupplier clock) {
        this.artifacts = artifacts;
        this.guard = guard;
        this.lookup = new BuildLookup(guard, builds, settings);
        this.builds = builds;
        this.attempts = attempts;
        this.commands = commands;
        this.renderer = renderer;
        this.tokens = tokens;
        this.clock = clock;
    }

    void show(RepositoryName repo, long id, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        BuildDetail d = find(repo, id, RepoPermission.REPO_READ);
        int count = attempts.attempts(id);
        int attempt = attempt(req, count);
        String base = req.getContextPath() + req.getServletPath();
        String buildPath = req.getContextPath() + UserApi.buildPage(repo.projectKey(), repo.slug(), id);
        long now = clock.getAsLong();
        Map<String, Object> data = new HashMap<>();
        data.put("projectKey", repo.projectKey());
        data.put("repositorySlug", repo.slug());
        data.put("build", PageModels.build(d, req.getContextPath(), now));
        data.put("stages", PageModels.stages(d.stages()));
        data.put("notifications", PageModels.notifications(d.notifications()));
        data.put("tests", TestsModel.of(d));
        data.put("artifacts", ArtifactsModel.of(artifacts.list(id), buildPath));
        data.put("logUrl", PageUrls.checked(req.getContextPath() + UserApi.BASE + "/builds/" + id + "/log"));
        data.put("listUrl", PageUrls.checked(base + "/projects/" + repo.projectKey() + "/repos/" + repo.slug() + "/builds"));
        BuildLogs.Text text = new BuildLogs(builds, attempts).text(id, attempt == count ? 0 : attempt);
        data.put("sections", BuildSectionModels.sections(
                LogSections.split(text.chunks(), d.stages().stream().map(StageView::name).toList()), d.stages()));
        data.put("logCut", text.cut());
        data.put("attempts", count > 1 ? BuildSectionModels.attempts(count, attempt, buildPath) : java.util.List.of());
        data.put("attempt", attempt);
        data.put("earlierAttempt", attempt < count);
        data.put("downloadUrl", PageUrls.checked(buildPath + "/log" + (attempt < count ? "?attempt=" + attempt : "")));
        boolean canWrite = guard.hasRepositoryPermission(repo, RepoPermission.REPO_WRITE);
        data.put("canWrite", canWrite);
        data.put("atlToken", canWrite ? tokens.issue(req) : "");
        data.put("rebuildAction", PageUrls.checked(buildPath + "/rebuild"));
        data.put("cancelAction", PageUrls.checked(buildPath + "/cancel"));
        String done = req.getParameter("done");
        data.put("notice", "cancel".equals(done) ? "Cancel requested: a running build stops on its werker's next heartbeat."
                : "rebuild".equals(done) ? "Rebuilt from #" + sanitizedId(req.getParameter("from")) + "." : "");
        PageResponses.send(renderer, resp, 200, PageRenderer.BUILD, data, OcelotPageServlet.BUILD_PAGE_CONTEXT);
    }

    void download(RepositoryName repo, long id, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        find(repo, id, RepoPermission.REPO_READ);
        int count = attempts.attempts(id);
        int attempt = attempt(req, count);
        String name = repo.projectKey() + "-" + repo.slug() + "-build-" + id + (attempt < count ? "-attempt-" + attempt : "") + ".log";
        resp.setStatus(200);
        resp.setContentType("text/plain;charset=UTF-8");
        // the name is made of a project key, a slug and numbers: nothing a header needs quoted
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        OutputStream out = resp.getOutputStream();
        new BuildLogs(builds, attempts).copy(id, attempt == count ? 0 : attempt, out);
        out.flush();
    }

    /** {@code builds/{id}/artifacts/<path>}: one artifact as a download (REPO_READ). */
    void artifact(RepositoryName repo, long id, String path, HttpServletResponse resp) throws IOException {
        find(repo, id, RepoPermission.REPO_READ);
        try {
            ArtifactPath.check(path);
        } catch (IllegalArgumentException e) {
            throw UserFacingException.badRequest(e.getMessage());
        }
        try (BuildArtifacts.Download d = artifacts.open(id, path).orElseThrow(() -> UserFacingException.notFound(
                "Build " + id + " has no artifact '" + path + "'."))) {
            resp.setStatus(200);
            resp.setContentType("application/octet-stream");
            resp.setContentLengthLong(d.size());
            resp.setHeader("Content-Disposition", ArtifactPath.attachment(path));
            resp.setHeader("Cache-Control", "private, no-cache");
            resp.setHeader("X-Content-Type-Options", "nosniff");
            OutputStream out = resp.getOutputStream();
            d.content().transferTo(out);
            out.flush();
        }
    }

    void act(RepositoryName repo, long id, String action, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String user = guard.requireUser();
        find(repo, id, RepoPermission.REPO_WRITE);
        if (!tokens.isValid(req)) {
            // a post without this session's token may come from another site: refuse and do nothing
            resp.sendError(403, "The form has expired or did not come from this page. Reload it and try again.");
            return;
        }
        String buildPath = req.getContextPath() + UserApi.buildPage(repo.projectKey(), repo.slug(), id);
        if (action.equals("cancel")) {
            commands.kill(id, user);
            resp.sendRedirect(buildPath + "?done=cancel");
            return;
        }
        TriggerResponse r = commands.rebuild(id, user);
        if (r.buildId() == null) {
            throw new UserFacingException(UserFacingException.Kind.CONFLICT, "Not rebuilt: " + r.reason());
        }
        resp.sendRedirect(req.getContextPath() + UserApi.buildPage(repo.projectKey(), repo.slug(), r.buildId())
                + "?done=rebuild&from=" + id);
    }

    private BuildDetail find(RepositoryName repo, long id, RepoPermission permission) {
        guard.requireTracked(repo, permission);
        BuildDetail d = lookup.build(id, permission);
        if (!d.build().projectKey().equals(repo.projectKey()) || !d.build().repositorySlug().equals(repo.slug())) {
            throw UserFacingException.notFound("Build " + id + " is not a build of " + repo + ".");
        }
        return d;
    }

    /** {@code ?attempt=N}, 1..count; without it the current attempt (count; 0 for a build never leased). */
    private static int attempt(HttpServletRequest req, int count) {
        String asked = req.getParameter("attempt");
        if (asked == null || asked.isBlank()) {
            return count;
        }
        try {
            int n = Integer.parseInt(asked.trim());
            if (n >= 1 && n <= count) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw UserFacingException.notFound("This build has no attempt '" + asked + "' (attempts: 1 to " + count + ").");
    }

    private static String sanitizedId(String s) {
        return s != null && s.matches("\\d{1,18}") ? s : "?";
    }
}
