package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;

import java.util.List;
import java.util.Map;

/** The {@code STAGE} rows of a build, for {@link BuildStore}: created from the plan, reset, ended, reported. */
final class StageRows {
    private StageRows() {
    }

    /** One row per planned stage: PENDING, or SKIPPED with the planner's reason. */
    static void create(ActiveObjects ao, long buildId, BuildPlan plan) {
        List<PlannedStage> stages = plan.stages();
        for (int i = 0; i < stages.size(); i++) {
            PlannedStage ps = stages.get(i);
            StageEntity s = ao.create(StageEntity.class, Map.of("BUILD_ID", buildId));
            s.setStageIndex(i);
            s.setName(ps.name());
            s.setStatus((ps.skipped() ? StageStatus.SKIPPED : StageStatus.PENDING).name());
            s.setMessage(ps.skipped() ? "skipped: " + ps.skipReason() : null);
            s.save();
        }
    }

    /** Back to the plan's initial stage states, for a new attempt. */
    static void reset(ActiveObjects ao, long buildId, BuildPlan plan) {
        List<PlannedStage> planned = plan == null ? List.of() : plan.stages();
        for (StageEntity s : ao.find(StageEntity.class, "BUILD_ID = ?", buildId)) {
            int i = s.getStageIndex();
            boolean skipped = i < planned.size() && planned.get(i).skipped();
            s.setStatus((skipped ? StageStatus.SKIPPED : StageStatus.PENDING).name());
            s.setExitCode(null);
            s.setStartedAt(0);
            s.setDurationMs(0);
            s.setMessage(skipped ? "skipped: " + planned.get(i).skipReason() : null);
            s.save();
        }
    }

    /** See {@link BuildStore#endOpenStages}. */
    static void endOpen(ActiveObjects ao, long buildId, int runningStage, StageStatus runningStatus,
                        String runningMessage, String notRunMessage) {
        for (StageEntity s : ao.find(StageEntity.class, "BUILD_ID = ?", buildId)) {
            StageStatus st = StageStatus.valueOf(s.getStatus());
            if (st.isFinal()) {
                continue;
            }
            if (st == StageStatus.RUNNING || s.getStageIndex() == runningStage) {
                s.setStatus(runningStatus.name());
                s.setMessage(runningMessage);
            } else {
                s.setStatus(StageStatus.CANCELLED.name());
                s.setMessage(notRunMessage);
            }
            s.save();
        }
    }

    /** Writes what the werker reported about stage {@code index} (creating the row if the plan had none). */
    static void report(ActiveObjects ao, long buildId, int index, String name, StageStatus status, Integer exitCode,
                       long startedAt, long durationMillis, String message) {
        StageEntity[] found = ao.find(StageEntity.class, "BUILD_ID = ? AND STAGE_INDEX = ?", buildId, index);
        StageEntity s = found.length > 0 ? found[0] : ao.create(StageEntity.class, Map.of("BUILD_ID", buildId));
        s.setStageIndex(index);
        if (name != null) {
            s.setName(name);
        }
        s.setStatus(status.name());
        s.setExitCode(exitCode);
        s.setStartedAt(startedAt);
        s.setDurationMs(durationMillis);
        s.setMessage(message);
        s.save();
    }
}
