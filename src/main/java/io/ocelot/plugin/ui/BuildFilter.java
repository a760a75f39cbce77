package io.ocelot.plugin.ui;

import io.ocelot.core.api.ApiBuildState;

import java.util.List;
import java.util.Locale;

/** Filters of a build list; a null field does not filter. {@code group}: the build's group name, exact. */
public record BuildFilter(String branch, ApiBuildState state, String group) {
    public static final BuildFilter NONE = new BuildFilter(null, null, null);

    /**
     * The filter of a build list as the REST API and the list page take it: blank means "any";
     * {@code result} is an {@link ApiBuildState} name, any case.
     */
    public static BuildFilter parse(String branch, String result, String group) {
        ApiBuildState state = null;
        if (result != null && !result.isBlank()) {
            try {
                state = ApiBuildState.valueOf(result.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw UserFacingException.badRequest("result '" + result + "': one of " + List.of(ApiBuildState.values()));
            }
        }
        return new BuildFilter(blankToNull(branch), state, blankToNull(group));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
