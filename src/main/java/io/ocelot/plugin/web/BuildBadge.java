package io.ocelot.plugin.web;

import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.UserPermissions;
import io.ocelot.plugin.ui.BuildFilter;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserFacingException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /projects/{key}/repos/{slug}/badge.svg[?branch=NAME]}: an SVG badge "ocelot | passing" (failing, running,
 * unknown) for the newest build of the branch (without {@code branch}: of the repository), cancelled builds skipped.
 * <p>
 * Who may read it is Bitbucket's decision: REPO_READ for the current user, which Bitbucket grants an anonymous
 * visitor exactly on a public repository ({@code Repository.isPublic()}) while public access is on. So a README on a
 * public repository shows it without login, and for a private one an anonymous request gets the same 404 as a
 * repository that does not exist. Anonymous answers may be cached by shared caches for a minute; signed-in ones only
 * privately; both revalidate with an ETag.
 */
final class BuildBadge {
    private static final int SCAN = 20;
    private final UserPermissions permissions;
    private final BuildReadModel builds;
    private final RepositorySettingsService settings;

    BuildBadge(UserPermissions permissions, BuildReadModel builds, RepositorySettingsService settings) {
        this.permissions = permissions;
        this.builds = builds;
        this.settings = settings;
    }

    enum Status {
        PASSING("passing", "#2e7d32"), FAILING("failing", "#c62828"), RUNNING("running", "#1565c0"),
        UNKNOWN("unknown", "#757575");

        final String word;
        final String colour;

        Status(String word, String colour) {
            this.word = word;
            this.colour = colour;
        }
    }

    void serve(RepositoryName repo, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!permissions.hasRepositoryPermission(repo, RepoPermission.REPO_READ)) {
            throw UserFacingException.notFound("Repository " + repo + " does not exist or you do not have permission to see it.");
        }
        if (!settings.get(repo).enabled()) {
            throw UserFacingException.notFound(io.ocelot.core.api.UserApi.notTracked(repo.projectKey(), repo.slug()));
        }
        String branch = req.getParameter("branch");
        Status status = status(builds.recentBuilds(List.of(repo),
                new BuildFilter(branch == null || branch.isBlank() ? null : branch.trim(), null, null), SCAN));
        String etag = "\"" + status.name().toLowerCase() + "\"";
        boolean anonymous = permissions.currentUser().isEmpty();
        resp.setHeader("Cache-Control", anonymous ? "public, max-age=60" : "private, no-cache");
        resp.setHeader("Vary", "Authorization, Cookie");
        resp.setHeader("ETag", etag);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (etag.equals(req.getHeader("If-None-Match"))) {
            resp.setStatus(304);
            return;
        }
        byte[] svg = svg(status).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType("image/svg+xml;charset=UTF-8");
        resp.setContentLength(svg.length);
        resp.getOutputStream().write(svg);
    }

    static Status status(List<BuildSummary> newestFirst) {
        for (BuildSummary b : newestFirst) {
            ApiBuildState s = b.state();
            if (s == ApiBuildState.CANCELLED) {
                continue;
            }
            return switch (s) {
                case PASSED -> Status.PASSING;
                case FAILED, ERRORED -> Status.FAILING;
                case QUEUED, RUNNING -> Status.RUNNING;
                default -> Status.UNKNOWN;
            };
        }
        return Status.UNKNOWN;
    }

    /** A flat two-part badge; the words are fixed, so nothing user-supplied is ever written into the SVG. */
    static String svg(Status status) {
        int left = 50;
        int right = 12 + 7 * status.word.length();
        int width = left + right;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"20\" role=\"img\" aria-label=\"ocelot: "
                + status.word + "\"><title>ocelot: " + status.word + "</title>"
                + "<rect width=\"" + left + "\" height=\"20\" fill=\"#555\"/>"
                + "<rect x=\"" + left + "\" width=\"" + right + "\" height=\"20\" fill=\"" + status.colour + "\"/>"
                + "<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\" text-anchor=\"middle\">"
                + "<text x=\"" + (left / 2) + "\" y=\"14\">ocelot</text>"
                + "<text x=\"" + (left + right / 2) + "\" y=\"14\">" + status.word + "</text></g></svg>";
    }
}
