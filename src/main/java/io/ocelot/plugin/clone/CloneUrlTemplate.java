package io.ocelot.plugin.clone;

import java.util.Locale;

/**
 * A clone URL pattern with placeholders: {@code {project}} (lower-case key, as Bitbucket's /scm/ URLs use),
 * {@code {PROJECT}} (key as is) and {@code {slug}}. E.g. {@code https://bitbucket.example.com/scm/{project}/{slug}.git}
 * or {@code ssh://git@bitbucket.example.com:7999/{project}/{slug}.git}.
 */
public record CloneUrlTemplate(String pattern) implements CloneUrls {
    /** The {@code SETTING} row holding the admin's template (absent: Bitbucket's HTTP clone URL). */
    public static final String SETTING_KEY = "clone.urlTemplate";

    /** Bitbucket's HTTP clone URLs below its base URL. */
    public static CloneUrlTemplate httpBelow(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new CloneUrlTemplate(base + "/scm/{project}/{slug}.git");
    }

    @Override
    public String urlFor(String projectKey, String slug) {
        return pattern.replace("{project}", projectKey.toLowerCase(Locale.ROOT))
                .replace("{PROJECT}", projectKey)
                .replace("{slug}", slug);
    }
}
