package io.ocelot.plugin.repo;

import java.util.Objects;

/** A Bitbucket repository as Ocelot refers to it: its numeric id (stable across renames) and its current names. */
public record RepositoryRef(int id, String projectKey, String slug) {
    public RepositoryRef {
        Objects.requireNonNull(projectKey, "projectKey");
        Objects.requireNonNull(slug, "slug");
    }

    @Override
    public String toString() {
        return projectKey + "/" + slug;
    }
}
