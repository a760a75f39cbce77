package io.ocelot.plugin.trigger;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.MergeTarget;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.build.Build;

/**
 * The trigger that rebuilds a stored build: same commit, branch, ref and pull request, a MANUAL build by the
 * person asking, forced (it was built before). A pull-request build's rebuild merges into the same target commit
 * as the build it repeats (read from its stored plan), so it builds the same merge result; a fork's pull request
 * stays a fork build (no secrets). It plans the build's own pipeline only, from that pipeline's file at the commit.
 */
public final class Rebuilds {
    private Rebuilds() {
    }

    public static TriggerRequest of(Build b, String byUser) {
        MergeTarget merge = b.prId() != 0 ? mergeOf(b) : null;
        return new TriggerRequest(b.repository(), TriggerKind.MANUAL, b.ref(), b.branch() == null ? "" : b.branch(),
                false, merge == null ? null : merge.commit(), b.commit(), b.prId(), byUser, true, b.fromFork(),
                merge == null ? null : merge.branch(),
                b.pipeline() == null ? BuildPlan.DEFAULT_PIPELINE : b.pipeline());
    }

    /** Null when the build has no plan (it failed before it could run, or its stored plan is unreadable). */
    private static MergeTarget mergeOf(Build b) {
        return b.plan() == null ? null : b.plan().merge();
    }
}
