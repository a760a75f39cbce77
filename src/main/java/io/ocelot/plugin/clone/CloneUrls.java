package io.ocelot.plugin.clone;

/** Port: the URL a werker clones a repository from. */
public interface CloneUrls {
    String urlFor(String projectKey, String slug);
}
