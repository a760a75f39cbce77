package io.ocelot.plugin.store;

import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.repo.RepositoryRef;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Rows to records, in one place: a build's stored plan JSON is parsed here, once per read, so the rest of the
 * plugin works on the {@link BuildPlan} itself. The werker labels' column form is shared by the build and its
 * queue ticket.
 */
final class BuildRows {
    private static final Logger log = LoggerFactory.getLogger(BuildRows.class);

    private BuildRows() {
    }

    static Build toBuild(BuildEntity e) {
        BuildPlan plan = plan(e);
        return new Build(e.getID(), new RepositoryRef(e.getRepoId(), nz(e.getProjectKey()), nz(e.getRepoSlug())),
                LongRefs.read(e.getBranch(), e.getBranchFull()), LongRefs.read(e.getRefId(), e.getRefFull()),
                e.getCommitHash(), e.getPipeline(),
                TriggerKind.valueOf(e.getTriggerKind()), e.getPrId(), e.getTriggeredBy(),
                BuildState.valueOf(e.getState()), e.getOutcome() == null ? null : BuildResult.valueOf(e.getOutcome()),
                e.getMessage(), plan, e.getMachineTag(), e.getAttempt(), e.getLeaseId(), e.getWerkerId(),
                e.getRunningStage(), e.isCancelRequested(), e.getCancelReason(), e.getQueuedAt(), e.getStartedAt(),
                e.getFinishedAt(), e.getLogLength(), e.isLogCapped(), e.getCommitMessage(), e.getBuildGroup(),
                e.isFromFork(), e.getHandBacks(), labels(e.getWerkerLabels()));
    }

    /**
     * Null when the build has none (it failed before planning) or when the stored plan cannot be read (a row
     * damaged or written in a form this version does not read): the build stays listable, and a werker's job for it
     * is refused with the reason ({@code werker.JobFactory}).
     */
    private static BuildPlan plan(BuildEntity e) {
        if (e.getPlanJson() == null) {
            return null;
        }
        try {
            return Json.read(e.getPlanJson(), BuildPlan.class);
        } catch (RuntimeException bad) {
            log.warn("Ocelot build {}: its stored plan cannot be read: {}", e.getID(), bad.getMessage());
            return null;
        }
    }

    static Stage toStage(StageEntity s) {
        return new Stage(s.getBuildId(), s.getStageIndex(), s.getName(), StageStatus.valueOf(s.getStatus()),
                s.getExitCode(), s.getStartedAt(), s.getDurationMs(), s.getMessage());
    }

    /** The stored form of a repository's werker labels: space-separated (labels hold no spaces), null for none. */
    static String labelsColumn(List<String> labels) {
        return labels == null || labels.isEmpty() ? null : String.join(" ", labels);
    }

    static List<String> labels(String column) {
        return column == null || column.isBlank() ? List.of() : List.of(column.trim().split("\\s+"));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
