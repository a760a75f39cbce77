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
    public static final List<String> NAMES = List.of(GIT_HASH, GIT_HASH_SHORT, GIT_BRANCH, BUILD_ID, WORKSPACE, OCELOT);

    /** POSIX shells accept only these names for variables a script can read. */
    public static final Pattern VALID_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private BuiltinEnv() {
    }
}
