package io.ocelot.core.lang;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The branches a pipeline (top-level {@code branches}) or a stage (legacy {@code trigger.branches}) runs on.
 * Empty means every branch, as in the original ocelot.
 */
public record BranchFilter(List<BranchPattern> patterns) {
    public static final BranchFilter ALL_BRANCHES = new BranchFilter(List.of());

    public BranchFilter {
        patterns = List.copyOf(patterns);
    }

    public boolean matches(String branch) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matches(branch));
    }

    /** "[main, release/.*]" — how reasons show the filter to a user. */
    public String describe() {
        return patterns.stream().map(BranchPattern::source).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public String toString() {
        return describe();
    }
}
