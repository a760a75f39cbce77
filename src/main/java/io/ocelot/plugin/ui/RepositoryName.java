package io.ocelot.plugin.ui;


import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Bitbucket repository by NAME (project key and slug), the way users, URLs and the CLI name it. Not the same job as
 * the core's {@link io.ocelot.plugin.repo.RepositoryRef}, which is a repository by its stable id (what the store
 * keeps): a name can be mistyped, renamed or refer to nothing. {@link io.ocelot.plugin.uistore.RepositoryNames}
 * is the one place that resolves a name to an id.
 */
public record RepositoryName(String projectKey, String slug) {
    // Bitbucket project keys: letters, digits, _; slugs: letters, digits, . _ - (and ~user for personal projects).
    private static final Pattern KEY = Pattern.compile("~?[A-Za-z0-9_]{1,128}");
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public RepositoryName {
        Objects.requireNonNull(projectKey, "projectKey");
        Objects.requireNonNull(slug, "slug");
    }

    /** Checks the shape of user input; a bad one is a 400, not a lookup. */
    public static RepositoryName parse(String projectKey, String slug) {
        if (projectKey == null || !KEY.matcher(projectKey).matches()) {
            throw new UserFacingException(UserFacingException.Kind.BAD_REQUEST, "not a project key: " + quote(projectKey));
        }
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new UserFacingException(UserFacingException.Kind.BAD_REQUEST, "not a repository slug: " + quote(slug));
        }
        return new RepositoryName(projectKey, slug);
    }

    private static String quote(String s) {
        return s == null ? "(none)" : "'" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "'";
    }

    @Override
    public String toString() {
        return projectKey + "/" + slug;
    }
}
