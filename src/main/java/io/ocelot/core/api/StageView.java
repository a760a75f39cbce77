package io.ocelot.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ocelot.core.build.StageStatus;

import java.util.List;

/**
 * A stage on the build page. {@code exitCode} null when no process ran; {@code durationMillis} null before it started;
 * {@code message} is the werker's word on it ("exit code 2", "timed out after 10m", "skipped: no trigger matched").
 * {@code needs}: the stages it waits for when the build is a stage graph (empty: it starts at once); null, and left out
 * of the JSON, for a build whose stages run one after another. Added later: clients that do not know it ignore it.
 */
public record StageView(int index, String name, StageStatus status, Integer exitCode, Long durationMillis,
                        String message, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> needs) {
    public StageView {
        needs = needs == null ? null : List.copyOf(needs);
    }

    /** A stage of a build that is not a stage graph. */
    public StageView(int index, String name, StageStatus status, Integer exitCode, Long durationMillis, String message) {
        this(index, name, status, exitCode, durationMillis, message, null);
    }
}
