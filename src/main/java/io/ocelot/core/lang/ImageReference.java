package io.ocelot.core.lang;

import java.util.regex.Pattern;

/**
 * Docker's image reference grammar ({@code [host[:port]/]path[:tag][@digest]}), checked where the file names an
 * image for a stage, a service or a built image's tag, so a typo is an error at its place instead of a pull
 * failure minutes into the build. The top-level {@code image} keeps its older, lenient check (not blank): files that
 * were valid stay valid.
 */
public final class ImageReference {
    /** Docker refuses longer names. */
    static final int MAX_LENGTH = 255;
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String HOST_PART = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
    private static final String HOST = "(?:" + HOST_PART + "(?:\\." + HOST_PART + ")*(?::[0-9]+)?|\\[[0-9a-fA-F:]+](?::[0-9]+)?)";
    private static final Pattern NAME = Pattern.compile("(?:" + HOST + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}");

    private ImageReference() {
    }

    /** Null when {@code ref} is a valid reference; otherwise what is wrong with it, in words. */
    public static String problem(String ref) {
        if (ref.isBlank()) {
            return "the image reference is empty";
        }
        if (ref.length() > MAX_LENGTH) {
            return "an image reference has at most " + MAX_LENGTH + " characters; this one has " + ref.length();
        }
        String rest = ref;
        int at = rest.indexOf('@');
        if (at >= 0) {
            if (!DIGEST.matcher(rest.substring(at + 1)).matches()) {
                return "the digest after '@' must look like sha256:<hex>";
            }
            rest = rest.substring(0, at);
        }
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            if (!TAG.matcher(rest.substring(colon + 1)).matches()) {
                return "the tag after ':' may hold letters, digits, '_', '.' and '-' (at most 128, not starting with '.' or '-')";
            }
            rest = rest.substring(0, colon);
        }
        if (!NAME.matcher(rest).matches()) {
            return "expected an image such as 'maven:3.9', 'library/redis' or 'registry.example.com:5000/team/app:1.2'"
                    + " (repository names are lower case: letters, digits and '.', '_', '-' between them)";
        }
        return null;
    }
}
