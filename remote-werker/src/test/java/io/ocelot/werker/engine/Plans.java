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

    /** {@code s} as a stage of a graph needing {@code needs} (none: it starts at once). */
    static PlannedStage needs(PlannedStage s, String... needs) {
        return new PlannedStage(s.name(), s.script(), s.env(), s.workdir(), s.timeoutSeconds(), s.always(),
                s.skipped(), s.skipReason(), s.junitReports(), List.of(needs), s.image(), s.artifacts(),
                s.buildImage());
    }

    /** {@code s} running in {@code image} instead of the build's image. */
    static PlannedStage inImage(PlannedStage s, String image) {
        return new PlannedStage(s.name(), s.script(), s.env(), s.workdir(), s.timeoutSeconds(), s.always(),
                s.skipped(), s.skipReason(), s.junitReports(), s.needs(), image, s.artifacts(), s.buildImage());
    }

    /** A Docker plan with services. */
    static BuildPlan withServices(BuildPlan p, io.ocelot.core.plan.ServiceSpec... services) {
        return new BuildPlan(p.version(), p.pipeline(), p.image(), p.machineTag(), p.timeoutSeconds(), p.workdir(),
                p.stages(), p.notifications(), p.limits(), p.merge(), List.of(services), p.caches());
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
