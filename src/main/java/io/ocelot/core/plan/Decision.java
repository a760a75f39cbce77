package io.ocelot.core.plan;

/**
 * The planner's answer for one event: a plan to run; no build and the reason in words a user understands
 * ("branch 'wip' does not match branches [main, release/.*]", "[skip ci] in commit message"); or a failure: the
 * file could not be planned for this event (a branch pattern that cannot be decided within the event's matching
 * budget, a plan too large), which the plugin records as a failed build so the author sees the reason.
 */
public record Decision(BuildPlan plan, String reason, boolean failed) {
    public static Decision build(BuildPlan plan) {
        return new Decision(plan, null, false);
    }

    public static Decision noBuild(String reason) {
        return new Decision(null, reason, false);
    }

    /** {@code reason} starts with {@code FILE:LINE:COLUMN} when the file is at fault at a place. */
    public static Decision failed(String reason) {
        return new Decision(null, reason, true);
    }

    public boolean shouldBuild() {
        return plan != null;
    }
}
