package io.ocelot.core.lang;

import io.ocelot.core.plan.CacheSpec;
import io.ocelot.core.plan.ResourceLimits;
import io.ocelot.core.plan.ServiceSpec;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated ocelot.yml. Exactly one of {@code image} and {@code machineTag} is set. {@code workdir} is null
 * when not set (the plan uses the container workspace); {@code timeout} already holds the default (60m) when the
 * file has none. {@code limits} is null when the file has no {@code limits} section. {@code tags} selects the tags
 * that build (same matching as {@code branches}; empty: every tag, when the repository builds tags).
 * {@code paths}: path prefixes; when not empty the pipeline builds only an event that changed a path starting with
 * one of them (or whose changed paths are not known). {@code services} and {@code caches}: the top-level lists
 * (empty when absent). {@code packages} and {@code buildTool} are kept for display only: Ocelot does not act on them.
 */
public record PipelineFile(String image,
                           String machineTag,
                           String buildTool,
                           List<String> packages,
                           BranchFilter branches,
                           Map<String, String> env,
                           Duration timeout,
                           String workdir,
                           Notify notifications,
                           List<StageSpec> stages,
                           ResourceLimits limits,
                           BranchFilter tags,
                           List<String> paths,
                           List<ServiceSpec> services,
                           List<CacheSpec> caches) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);
    /**
     * The most characters of text a plan may hold (scripts, names, directories, and each stage's complete env: the
     * file's env is copied into every stage). The parser refuses a file whose plan would pass it before any event
     * adds to it; the planner checks the finished plan (a long branch is copied into every stage's GIT_BRANCH).
     */
    public static final int MAX_PLAN_CHARS = 2 * 1024 * 1024;
    /** A werker label; the plugin stores it in indexed columns, and no label needs more. */
    public static final int MAX_MACHINE_TAG_LENGTH = 100;

    public PipelineFile {
        packages = List.copyOf(packages);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        stages = List.copyOf(stages);
        tags = tags == null ? BranchFilter.ALL_BRANCHES : tags;
        paths = paths == null ? List.of() : List.copyOf(paths);
        services = services == null ? List.of() : List.copyOf(services);
        caches = caches == null ? List.of() : List.copyOf(caches);
    }

    /** A file without services or caches. */
    public PipelineFile(String image, String machineTag, String buildTool, List<String> packages, BranchFilter branches,
                        Map<String, String> env, Duration timeout, String workdir, Notify notifications,
                        List<StageSpec> stages, ResourceLimits limits, BranchFilter tags, List<String> paths) {
        this(image, machineTag, buildTool, packages, branches, env, timeout, workdir, notifications, stages, limits,
                tags, paths, null, null);
    }

    /** True for a host-shell file: it names a werker label and no image, so nothing runs in a container. */
    public boolean isHostShell() {
        return image == null && machineTag != null;
    }

    /** A file without a top-level {@code paths} list (it builds whatever the push changed). */
    public PipelineFile(String image, String machineTag, String buildTool, List<String> packages, BranchFilter branches,
                        Map<String, String> env, Duration timeout, String workdir, Notify notifications,
                        List<StageSpec> stages, ResourceLimits limits, BranchFilter tags) {
        this(image, machineTag, buildTool, packages, branches, env, timeout, workdir, notifications, stages, limits,
                tags, null);
    }

    /** A file without a {@code tags} list (every tag builds). */
    public PipelineFile(String image, String machineTag, String buildTool, List<String> packages, BranchFilter branches,
                        Map<String, String> env, Duration timeout, String workdir, Notify notifications,
                        List<StageSpec> stages, ResourceLimits limits) {
        this(image, machineTag, buildTool, packages, branches, env, timeout, workdir, notifications, stages, limits,
                null);
    }

    /** A file without a {@code limits} section. */
    public PipelineFile(String image, String machineTag, String buildTool, List<String> packages, BranchFilter branches,
                        Map<String, String> env, Duration timeout, String workdir, Notify notifications,
                        List<StageSpec> stages) {
        this(image, machineTag, buildTool, packages, branches, env, timeout, workdir, notifications, stages, null);
    }
}
