package io.ocelot.plugin.web;

import java.util.regex.Pattern;

/**
 * The one check for every URL a page puts in an {@code href}, {@code src}, {@code action} or {@code data-*-url}.
 * Bitbucket's Soy (the 2014 fork, templates without an autoescape attribute) escapes HTML only: it would print
 * {@code javascript:alert(1)} into an href unchanged. So URLs are checked here, before they reach a template: a path
 * of this Bitbucket ({@code /...}, not {@code //host}) or an absolute http(s) URL. Anything else (javascript:, data:,
 * vbscript:, a protocol-relative //host, backslashes browsers read as slashes, control characters) becomes
 * {@link #REFUSED}, a link to nowhere, so a branch name, commit message or stored value can never make a script link.
 */
public final class PageUrls {
    /** What a refused URL is replaced with: a same-page link that does nothing. */
    public static final String REFUSED = "#";
    private static final Pattern OWN_PATH = Pattern.compile("/(?![/\\\\])[^\\s\\\\\\p{Cntrl}]*");
    private static final Pattern WEB_URL = Pattern.compile("(?i:https?)://[^\\s/\\\\?#@\\p{Cntrl}]+(?:[/?#][^\\s\\\\\\p{Cntrl}]*)?");

    private PageUrls() {
    }

    /** {@code url} when it is a path of our own or an http(s) URL; otherwise {@link #REFUSED}. */
    public static String checked(String url) {
        if (url == null) {
            return REFUSED;
        }
        return OWN_PATH.matcher(url).matches() || WEB_URL.matcher(url).matches() ? url : REFUSED;
    }

    /** Whether {@link #checked} lets {@code url} through unchanged. */
    public static boolean isSafe(String url) {
        return url != null && checked(url).equals(url);
    }
}
