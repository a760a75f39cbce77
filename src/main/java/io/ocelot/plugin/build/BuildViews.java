package io.ocelot.plugin.build;

import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.StageView;
import io.ocelot.core.plan.BuildPlan;

import java.util.List;

/**
 * Stored builds and stages as users see them ({@link io.ocelot.core.api}): the one mapping, shared by the read
 * model and the notifier. Store zeros ("not yet") become nulls, the queue state and the outcome become one
 * {@link ApiBuildState}.
 */
public final class BuildViews {
    private BuildViews() {
    }

    /** {@code werkerName}: the name of the werker that leased it, null if none. */
    public static BuildSummary summary(Build b, String werkerName) {
        return new BuildSummary(b.id(), b.repository().projectKey(), b.repository().slug(), blankToNull(b.branch()),
                b.commit(), b.commitMessage(), state(b), b.trigger().name(), b.triggeredBy(),
                b.prId() == 0 ? null : b.prId(), b.buildGroup(), werkerName, b.queuedAt(), zeroToNull(b.startedAt()),
                zeroToNull(b.finishedAt()), b.pipeline());
    }

    public static ApiBuildState state(Build b) {
        return switch (b.state()) {
            case QUEUED -> ApiBuildState.QUEUED;
            case RUNNING -> ApiBuildState.RUNNING;
            case FINISHED -> ApiBuildState.of(b.outcome());
        };
    }

    /** A build's end in words: null for a build that passed, or is waiting/running without a word to say. */
    public static String endMessage(Build b) {
        return state(b) == ApiBuildState.PASSED ? null : b.message();
    }

    public static StageView stage(Stage s) {
        return stage(s, null);
    }

    /** With what the stage needs, from the build's stored plan when it is a stage graph (null plan: not known). */
    public static StageView stage(Stage s, BuildPlan plan) {
        List<String> needs = plan != null && s.index() >= 0 && s.index() < plan.stages().size()
                ? plan.stages().get(s.index()).needs() : null;
        return new StageView(s.index(), s.name(), s.status(), s.exitCode(),
                s.startedAt() == 0 && s.durationMillis() == 0 ? null : s.durationMillis(), s.message(), needs);
    }

    private static Long zeroToNull(long epochMillis) {
        return epochMillis == 0 ? null : epochMillis;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
