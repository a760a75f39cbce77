package io.ocelot.werker.engine;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;

import java.util.List;
import java.util.Map;

/** Hand-made plans for engine tests (the planner is tested on its own). */
final class Plans {
    static final String IMAGE = "ocelot/busybox:latest";

    private Plans() {
    }

    static PlannedStage stage(String name, String... script) {
        return new PlannedStage(name, List.of(script), Map.of(), null, 0, false, false, null);
    }

    static PlannedStage always(String name, String... script) {
        return new PlannedStage(name, List.of(script), Map.of(), null, 0, true, false, null);
    }

    static PlannedStage withTimeout(PlannedStage s, long seconds) {
        return new PlannedStage(s.name(), s.script(), s.env(), s.workdir(), seconds, s.always(), s.skipped(),
                s.skipReason());
    }

    static PlannedStage withEnv(PlannedStage s, Map<String, String> env, String workdir) {
        return new PlannedStage(s.name(), s.script(), env, workdir, s.timeoutSeconds(), s.always(), s.skipped(),
                s.skipReason());
    }

    static PlannedStage skipped(String name, String reason) {
        return new PlannedStage(name, List.of("echo never"), Map.of(), null, 0, false, true, reason);
    }

    static BuildPlan docker(PlannedStage... stages) {
        return docker(IMAGE, 0, stages);
    }

    static BuildPlan docker(String image, long timeoutSeconds, PlannedStage... stages) {
        return new BuildPlan(BuildPlan.VERSION, "default", image, null, timeoutSeconds, BuildPlan.CONTAINER_WORKSPACE,
                List.of(stages));
    }

    static BuildPlan host(long timeoutSeconds, PlannedStage... stages) {
        return new BuildPlan(BuildPlan.VERSION, "default", null, "linux", timeoutSeconds,
                BuildPlan.CONTAINER_WORKSPACE, List.of(stages));
    }
}
