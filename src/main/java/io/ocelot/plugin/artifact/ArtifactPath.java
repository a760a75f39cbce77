package io.ocelot.plugin.artifact;

import java.util.regex.Pattern;

/**
 * A build artifact's path as the werker sends it: relative to the workspace, '/'-separated. Checked here before
 * anything is written or read, because it comes from outside and ends up in a file name, a header and a URL: no
 * absolute path, no '..' or '.' segment, no backslash (Windows' separator and a traversal trick), no empty segment,
 * no control character or drive letter, at most {@value #MAX_LENGTH} characters. The file on disk is never named
 * after it (see {@link ArtifactFiles}): this check keeps the names people see sane, it is not what keeps writes in
 * the artifact directory.
 */
public final class ArtifactPath {
    public static final int MAX_LENGTH = 450; // the longest AO string that is not a CLOB
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private ArtifactPath() {
    }

    /** The path unchanged when it is a safe relative path; else {@link IllegalArgumentException} naming it and why. */
    public static String check(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("artifact path is missing");
        }
        String why = problem(path);
        if (why != null) {
            throw new IllegalArgumentException("artifact path '" + printable(path) + "' " + why);
        }
        return path;
    }

    private static String problem(String path) {
        if (path.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        if (CONTROL.matcher(path).find()) {
            return "contains a control character";
        }
        if (path.indexOf('\\') >= 0) {
            return "contains a backslash: use '/' between folders";
        }
        if (path.startsWith("/")) {
            return "is absolute: give it relative to the workspace";
        }
        if (path.length() >= 2 && path.charAt(1) == ':') {
            return "starts with a drive letter: give it relative to the workspace";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return "has an empty folder name ('//' or a trailing '/')";
            }
            if (segment.equals("..") || segment.equals(".")) {
                return "contains a '" + segment + "' segment";
            }
        }
        return null;
    }

    /** The last segment: the file name a download is saved as. */
    public static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The {@code Content-Disposition} of a download of {@code path}: an attachment named after its last segment, as
     * ASCII with anything else replaced ({@code filename}) and exactly in UTF-8 ({@code filename*}, RFC 6266).
     */
    public static String attachment(String path) {
        String name = fileName(path);
        String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        String encoded = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static String printable(String s) {
        String cut = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        return CONTROL.matcher(cut).replaceAll("?");
    }
}
