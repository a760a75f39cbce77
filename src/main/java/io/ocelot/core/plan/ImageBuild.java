package io.ocelot.core.plan;

import java.util.List;

/**
 * A {@code buildImage} stage: the werker builds {@code dockerfile} (relative to {@code context}, itself relative to
 * the workspace) through the Docker API, tags the image with each of {@code tags}, and pushes them with the
 * repository's registry credentials when {@code push} is set. No build container gets a Docker socket: this is how a
 * pipeline makes an image.
 */
public record ImageBuild(String context, String dockerfile, List<String> tags, boolean push) {
    public static final String DEFAULT_DOCKERFILE = "Dockerfile";

    public ImageBuild {
        context = context == null || context.isEmpty() ? "." : context;
        dockerfile = dockerfile == null || dockerfile.isEmpty() ? DEFAULT_DOCKERFILE : dockerfile;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
