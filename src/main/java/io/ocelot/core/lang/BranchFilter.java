package io.ocelot.core.lang;

import java.util.List;

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
        return matches(branch, MatchBudget.perEvent());
    }

    /** @throws MatchGaveUp when a pattern cannot be decided within the event's budget */
    public boolean matches(String branch, MatchBudget budget) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (BranchPattern p : patterns) {
            if (p.matches(branch, budget)) {
                return true;
            }
        }
        return false;
    }

    /** "[main, release/.*]" — how reasons show the filter to a user; long lists are summarised. */
    public String describe() {
        return Abbreviate.list(patterns.stream().map(BranchPattern::source).toList());
    }

    @Override
    public String toString() {
        return describe();
    }
}
