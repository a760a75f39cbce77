package io.ocelot.core.lang;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The variables Ocelot sets in every stage. They win over the file's env (a build must be able to trust
 * GIT_HASH), so the parser warns when a file sets one, and the planner fills them in.
 */
public final class BuiltinEnv {
    public static final String GIT_HASH = "GIT_HASH";
    public static final String GIT_HASH_SHORT = "GIT_HASH_SHORT";
    public static final String GIT_BRANCH = "GIT_BRANCH";
    public static final String BUILD_ID = "BUILD_ID";
    public static final String WORKSPACE = "WORKSPACE";
    public static final String OCELOT = "OCELOT";
    /** Pull-request builds only: the PR's number, the branch it merges from and the branch it merges into. */
    public static final String PR_ID = "PR_ID";
    public static final String PR_SOURCE_BRANCH = "PR_SOURCE_BRANCH";
    public static final String PR_TARGET_BRANCH = "PR_TARGET_BRANCH";
    /** Tag builds only: the tag's name. */
    public static final String GIT_TAG = "GIT_TAG";
    public static final List<String> NAMES = List.of(GIT_HASH, GIT_HASH_SHORT, GIT_BRANCH, BUILD_ID, WORKSPACE, OCELOT,
            PR_ID, PR_SOURCE_BRANCH, PR_TARGET_BRANCH, GIT_TAG);

    /** POSIX shells accept only these names for variables a script can read. */
    public static final Pattern VALID_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private BuiltinEnv() {
    }

    /** Where Ocelot sets {@code name} (one of {@link #NAMES}), for the warning on a file that sets it too. */
    static String setWhere(String name) {
        return switch (name) {
            case PR_ID, PR_SOURCE_BRANCH, PR_TARGET_BRANCH ->
                    "in pull-request builds, where this value is ignored";
            case GIT_TAG -> "in tag builds, where this value is ignored";
            default -> "in every stage; this value is ignored";
        };
    }
}
