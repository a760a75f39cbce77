package io.ocelot.plugin.ui;

import io.ocelot.core.api.BuildState;

/** Filters of a build list; a null field does not filter. {@code group}: the build's group name, exact. */
public record BuildFilter(String branch, BuildState state, String group) {
    public static final BuildFilter NONE = new BuildFilter(null, null, null);
}
