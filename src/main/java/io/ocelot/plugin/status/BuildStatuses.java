package io.ocelot.plugin.status;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.build.TestReport;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.TestResultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.List;

/**
 * Turns a stored build into the status Bitbucket shows and publishes it. The one place that decides key, state,
 * name and description (the key and parent through {@link StatusKeys}). Publishing never fails a build: an error is logged and the next transition publishes again.
 */
@Named
public class BuildStatuses {
    /** The key of a push build of the default pipeline; {@link StatusKeys} derives every key. */
    public static final String KEY = StatusKeys.PUSH;
    private static final Logger log = LoggerFactory.getLogger(BuildStatuses.class);

    private final StatusPublisher publisher;
    private final BuildLinks links;
    private final BuildStore builds;
    private final Clock clock;
    private final TestResultStore tests;
    private final FinishedBuildReport insights;

    @Inject
    public BuildStatuses(StatusPublisher publisher, BuildLinks links, BuildStore builds, Clock clock,
                         TestResultStore tests, FinishedBuildReport insights) {
        this.publisher = publisher;
        this.links = links;
        this.builds = builds;
        this.clock = clock;
        this.tests = tests;
        this.insights = insights;
    }

    /** The build's status; once it finished, its Code Insights report too (the two say the same thing). */
    public void publish(Build build) {
        TestReport results = tests.total(build.id());
        try {
            publisher.publish(statusOf(build, builds.stages(build.id()), results));
        } catch (RuntimeException e) {
            log.warn("Ocelot could not publish the status of build {} on {} {}: {}", build.id(), build.repository(),
                    build.commit(), e.toString());
        }
        if (build.state() == BuildState.FINISHED) {
            insights.publish(build, results);
        }
    }

    public BuildStatus statusOf(Build b, List<Stage> stages) {
        return statusOf(b, stages, null);
    }

    public BuildStatus statusOf(Build b, List<Stage> stages, TestReport results) {
        // a .ocelot/NAME.yml build says which pipeline it is, beside ocelot.yml's on the same commit
        String pipeline = b.pipeline() == null || BuildPlan.DEFAULT_PIPELINE.equals(b.pipeline()) ? "" : " " + b.pipeline();
        String name = "Ocelot #" + b.id() + pipeline + (b.prId() != 0 ? " · PR #" + b.prId() : " · " + b.branch());
        // b.ref() of a pull-request build is its source branch's ref (refs/heads/...), on the source tip commit
        return new BuildStatus(b.repository(), b.commit(), StatusKeys.key(b), state(b), name, description(b, stages),
                links.buildPage(b), b.ref(), StatusKeys.parent(b), b.durationMillis(clock.millis()), b.id(), results);
    }

    static StatusState state(Build b) {
        if (b.state() != BuildState.FINISHED) {
            return StatusState.INPROGRESS;
        }
        return switch (b.outcome()) {
            case PASSED -> StatusState.SUCCESSFUL;
            case CANCELLED -> StatusState.CANCELLED;
            case FAILED, ERRORED -> StatusState.FAILED;
        };
    }

    /**
     * "queued" (for a machineTag build "queued: waiting for a werker with label 'gpu'" — it may wait for good when no
     * werker has that label, and the status must say what it waits for), "running test (2/4)", "3/4 stages passed ·
     * failed at test", or the build's message.
     */
    static String description(Build b, List<Stage> stages) {
        long passed = stages.stream().filter(s -> s.status() == StageStatus.PASSED).count();
        long counted = stages.stream().filter(s -> s.status() != StageStatus.SKIPPED).count();
        if (b.state() == BuildState.QUEUED) {
            if (b.attempt() > 0) {
                return "queued again (" + b.message() + ")";
            }
            return b.machineTag() == null || b.machineTag().isEmpty() ? "queued"
                    : "queued: waiting for a werker with label '" + b.machineTag() + "'";
        }
        if (b.state() == BuildState.RUNNING) {
            return stages.stream().filter(s -> s.status() == StageStatus.RUNNING).findFirst()
                    .map(s -> "running " + s.name() + " (" + (s.index() + 1) + "/" + stages.size() + ")")
                    .orElse("running");
        }
        String progress = passed + "/" + counted + " stages passed";
        return switch (b.outcome()) {
            case PASSED -> progress;
            case FAILED -> stages.stream().filter(s -> s.status() == StageStatus.FAILED).findFirst()
                    .map(s -> progress + " · failed at " + s.name())
                    .orElse(firstLine(b.message()));
            case CANCELLED -> "cancelled" + (b.message() == null ? "" : ": " + firstLine(b.message()));
            case ERRORED -> "error: " + firstLine(b.message());
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl) + " …";
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
