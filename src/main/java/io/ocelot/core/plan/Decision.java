package io.ocelot.core.plan;

/**
 * The planner's answer for one event: a plan to run, or no build and the reason in words a user understands
 * ("branch 'wip' does not match branches [main, release/.*]", "[skip ci] in commit message").
 */
public record Decision(BuildPlan plan, String reason) {
    public static Decision build(BuildPlan plan) {
        return new Decision(plan, null);
    }

    public static Decision noBuild(String reason) {
        return new Decision(null, reason);
    }

    public boolean shouldBuild() {
        return plan != null;
    }
}
