package io.ocelot.plugin.web;

import io.ocelot.core.api.BuildSummary;
import io.ocelot.plugin.ui.AccessGuard;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.BuildFilter;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserFacingException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The build lists, newest first, {@link #PAGE_SIZE} a page ({@code ?page=N}, with previous/next links that keep the
 * filters {@code branch}, {@code result} and {@code group} in the URL):
 * <pre>
 * /projects/{key}/repos/{slug}/builds   one repository (REPO_READ, tracked)
 * /projects/{key}/builds                every tracked repository of the project the user can read
 * /builds                               every tracked repository (global ADMIN or SYS_ADMIN)
 * </pre>
 * The repositories are chosen before the query and each is permission-checked, so a build of a repository the user
 * cannot see is never read, let alone shown.
 */
final class BuildListPage {
    static final int PAGE_SIZE = 25;
    /** Deepest page: the list is read up to it in one query (older builds: filter by branch or result). */
    static final int MAX_PAGE = 80;

    private final AccessGuard guard;
    private final BuildReadModel builds;
    private final RepositorySettingsService settings;
    private final PageRenderer renderer;
    private final LongSupplier clock;

    BuildListPage(AccessGuard guard, BuildReadModel builds, RepositorySettingsService settings, PageRenderer renderer,
                  LongSupplier clock) {
        this.guard = guard;
        this.builds = builds;
        this.settings = settings;
        this.renderer = renderer;
        this.clock = clock;
    }

    void repository(RepositoryName repo, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        guard.requireTracked(repo, RepoPermission.REPO_READ);
        show(List.of(repo), repo.projectKey(), repo.slug(), "Builds", req, resp);
    }

    void project(String projectKey, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        guard.requireUser();
        List<RepositoryName> readable = settings.trackedRepositories().stream()
                .filter(r -> r.projectKey().equals(projectKey) && guard.canRead(r))
                .sorted(Comparator.comparing(RepositoryName::slug)).toList();
        if (readable.isEmpty() && !guard.isProjectAdmin(projectKey)) {
            // the same words for a missing project, one the user cannot see, and one with nothing tracked
            throw UserFacingException.notFound("Project " + projectKey
                    + " does not exist, has no repository tracked by Ocelot, or you do not have permission to see it.");
        }
        show(readable, projectKey, "", "Builds of project " + projectKey, req, resp);
    }

    void all(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        guard.requireAdmin();
        List<RepositoryName> tracked = settings.trackedRepositories();
        show(tracked, "", "", "Builds of every repository", req, resp);
    }

    private void show(List<RepositoryName> repos, String projectKey, String slug, String title, HttpServletRequest req,
                      HttpServletResponse resp) throws IOException {
        BuildFilter filter = BuildFilter.parse(req.getParameter("branch"), req.getParameter("result"),
                req.getParameter("group"));
        int page = page(req.getParameter("page"));
        int skip = (page - 1) * PAGE_SIZE;
        List<BuildSummary> found = repos.isEmpty() ? List.of() : builds.recentBuilds(repos, filter, skip + PAGE_SIZE + 1);
        long now = clock.getAsLong();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BuildSummary b : found.subList(Math.min(skip, found.size()), Math.min(skip + PAGE_SIZE, found.size()))) {
            Map<String, Object> row = PageModels.summary(b, req.getContextPath(), now);
            row.put("repository", b.repository());
            rows.add(row);
        }
        String self = req.getContextPath() + req.getServletPath() + req.getPathInfo();
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put("branch", filter.branch());
        kept.put("result", filter.state() == null ? null : filter.state().name());
        kept.put("group", filter.group());
        Map<String, Object> data = new HashMap<>();
        data.put("projectKey", projectKey);
        data.put("repositorySlug", slug);
        data.put("title", title);
        data.put("showRepository", slug.isEmpty());
        data.put("builds", rows);
        data.put("branch", filter.branch() == null ? "" : filter.branch());
        data.put("result", filter.state() == null ? "" : filter.state().name());
        data.put("group", filter.group() == null ? "" : filter.group());
        data.put("results", PageModels.results());
        data.put("formAction", PageUrls.checked(self));
        data.put("page", page);
        data.put("prevUrl", page > 1 ? PageUrls.checked(self + query(kept, page - 1)) : "");
        data.put("nextUrl", found.size() > skip + PAGE_SIZE && page < MAX_PAGE ? PageUrls.checked(self + query(kept, page + 1)) : "");
        PageResponses.send(renderer, resp, 200, PageRenderer.BUILDS, data, null);
    }

    private static String query(Map<String, String> kept, int page) {
        StringBuilder q = new StringBuilder();
        kept.forEach((k, v) -> {
            if (v != null) {
                q.append(q.length() == 0 ? "?" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        if (page > 1) {
            q.append(q.length() == 0 ? "?" : "&").append("page=").append(page);
        }
        return q.toString();
    }

    private static int page(String asked) {
        if (asked == null || asked.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(asked.trim());
            if (n >= 1 && n <= MAX_PAGE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw UserFacingException.badRequest("page must be a number from 1 to " + MAX_PAGE + ", not '" + asked + "'");
    }
}
