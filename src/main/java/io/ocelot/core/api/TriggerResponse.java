package io.ocelot.core.api;

import java.util.List;

/**
 * {@code buildId} of the new build (of the first pipeline that built), or null with {@code reason} when no pipeline
 * built (a branch filter, {@code paths}, {@code [skip ci]}) and force was not given. {@code pipelines}: what each
 * pipeline at the commit did, in file order ({@code ocelot.yml} first): its build, or why it did not build.
 */
public record TriggerResponse(Long buildId, String commit, String branch, String reason, List<PipelineBuild> pipelines) {
    /** One pipeline's part: {@code buildId} null with {@code reason} when it did not build. */
    public record PipelineBuild(String pipeline, Long buildId, String reason) {
    }

    public TriggerResponse {
        pipelines = pipelines == null ? List.of() : List.copyOf(pipelines);
    }

    /** Of one pipeline, or of nothing built. */
    public TriggerResponse(Long buildId, String commit, String branch, String reason) {
        this(buildId, commit, branch, reason, List.of());
    }
}
