package io.ocelot.core.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ocelot.core.lang.Notify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The planner's output and the werker's input: everything needed to run a build, with no reference to the
 * ocelot.yml it came from. Exactly one of {@code image} (Docker executor) and {@code machineTag} (a werker with
 * that label; host shell when it has no image) is set. Serialised with {@link io.ocelot.core.Json}.
 * {@code notifications} is the file's {@code notify} section, for the plugin to act on when the build ends (null in
 * plans stored before it was added, and in the copy a werker receives: it has no use for it). {@code limits} is
 * the file's {@code limits} section (null: none asked for); the werker applies the lower of it and its own flags.
 * {@code merge} is set on a pull-request build only: the target commit the werker merges the build's commit into.
 * {@code services} are the build's sidecars, {@code caches} its caches (both empty when the file has none).
 */
public record BuildPlan(int version,
                        String pipeline,
                        String image,
                        String machineTag,
                        long timeoutSeconds,
                        String workdir,
                        List<PlannedStage> stages,
                        Notify notifications,
                        ResourceLimits limits,
                        MergeTarget merge,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ServiceSpec> services,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CacheSpec> caches) {
    public static final int VERSION = 1;
    public static final String DEFAULT_PIPELINE = "default";
    /** Where the workspace lives inside the build container. */
    public static final String CONTAINER_WORKSPACE = "/workspace";

    public BuildPlan {
        stages = stages == null ? List.of() : List.copyOf(stages);
        services = services == null ? List.of() : List.copyOf(services);
        caches = caches == null ? List.of() : List.copyOf(caches);
    }

    /** A plan without services or caches (the shape before they were added). */
    public BuildPlan(int version, String pipeline, String image, String machineTag, long timeoutSeconds, String workdir,
                     List<PlannedStage> stages, Notify notifications, ResourceLimits limits, MergeTarget merge) {
        this(version, pipeline, image, machineTag, timeoutSeconds, workdir, stages, notifications, limits, merge,
                List.of(), List.of());
    }

    /** True when the file is a stage graph (a stage uses {@code needs}): see {@link PlannedStage#needs}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isGraph() {
        return stages.stream().anyMatch(PlannedStage::inGraph);
    }

    /** A plan that notifies nobody (the shape before {@code notify} was added). */
    public BuildPlan(int version, String pipeline, String image, String machineTag, long timeoutSeconds, String workdir,
                     List<PlannedStage> stages) {
        this(version, pipeline, image, machineTag, timeoutSeconds, workdir, stages, null, null);
    }

    /** A plan without a {@code limits} section (the shape before it was added). */
    public BuildPlan(int version, String pipeline, String image, String machineTag, long timeoutSeconds, String workdir,
                     List<PlannedStage> stages, Notify notifications) {
        this(version, pipeline, image, machineTag, timeoutSeconds, workdir, stages, notifications, null);
    }

    /** A plan that merges nothing (not a pull-request build). */
    public BuildPlan(int version, String pipeline, String image, String machineTag, long timeoutSeconds, String workdir,
                     List<PlannedStage> stages, Notify notifications, ResourceLimits limits) {
        this(version, pipeline, image, machineTag, timeoutSeconds, workdir, stages, notifications, limits, null);
    }

    /** The file's limits, {@link ResourceLimits#NONE} when it asks for none. */
    public ResourceLimits limitsOrNone() {
        return limits == null ? ResourceLimits.NONE : limits;
    }

    /** Whom to tell when the build ends; {@link Notify#NONE} when the file says nobody. */
    public Notify notificationsOrNone() {
        return notifications == null ? Notify.NONE : notifications;
    }

    /** A copy with other {@code notifications} (null: none). */
    public BuildPlan withNotifications(Notify n) {
        return new BuildPlan(version, pipeline, image, machineTag, timeoutSeconds, workdir, stages, n, limits, merge,
                services, caches);
    }

    /** A copy whose stages carry {@code BUILD_ID=id}: the plugin knows the id only once the build is stored. */
    public BuildPlan withBuildId(long id) {
        return withEnv(Map.of("BUILD_ID", Long.toString(id)));
    }

    /** A copy with extra variables set on every stage, overriding what the stage had (built-ins win). */
    public BuildPlan withEnv(Map<String, String> extra) {
        List<PlannedStage> out = new ArrayList<>(stages.size());
        for (PlannedStage s : stages) {
            Map<String, String> env = new HashMap<>(s.env());
            env.putAll(extra);
            out.add(s.withEnv(env));
        }
        return new BuildPlan(version, pipeline, image, machineTag, timeoutSeconds, workdir, out, notifications, limits,
                merge, services, caches);
    }
}
