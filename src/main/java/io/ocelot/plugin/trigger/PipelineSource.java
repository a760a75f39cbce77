package io.ocelot.plugin.trigger;

import java.util.Objects;

/**
 * One pipeline's file as read at a commit: {@code pipeline} its name ({@code default} for {@code ocelot.yml},
 * {@code NAME} for {@code .ocelot/NAME.yml}), {@code path} where it is, {@code content} its bytes. A file whose name
 * is no pipeline name has {@code problem} set (and no content): it is reported as that file's failed build, under
 * the name {@link PipelineNames#ofBadFile}, which no valid pipeline can have.
 */
public record PipelineSource(String pipeline, String path, byte[] content, String problem) {
    public PipelineSource {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(path, "path");
    }

    public static PipelineSource file(String pipeline, String path, byte[] content) {
        return new PipelineSource(pipeline, path, Objects.requireNonNull(content, "content"), null);
    }

    public static PipelineSource badName(String path, String problem) {
        return new PipelineSource(PipelineNames.ofBadFile(path), path, null, problem);
    }
}
