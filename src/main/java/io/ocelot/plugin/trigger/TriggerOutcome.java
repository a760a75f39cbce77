package io.ocelot.plugin.trigger;

import io.ocelot.plugin.build.Build;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What handling a trigger did: created a build, found the existing one, or nothing (and why): SKIPPED when the
 * repository or the pipeline said no, NO_PIPELINE when there is no pipeline file at the commit. A commit with
 * several pipelines has one {@link PipelineOutcome} each in {@code pipelines}; the trigger's own kind is the best of
 * them (CREATED over EXISTING over SKIPPED), its build the first pipeline's that has one.
 */
public record TriggerOutcome(Kind kind, Build build, String reason, List<PipelineOutcome> pipelines) {
    public enum Kind { CREATED, EXISTING, SKIPPED, NO_PIPELINE }

    /** One pipeline's part of a trigger. */
    public record PipelineOutcome(String pipeline, Kind kind, Build build, String reason) {
    }

    public TriggerOutcome {
        pipelines = pipelines == null ? List.of() : List.copyOf(pipelines);
    }

    public TriggerOutcome(Kind kind, Build build, String reason) {
        this(kind, build, reason, List.of());
    }

    static TriggerOutcome skipped(String reason) {
        return new TriggerOutcome(Kind.SKIPPED, null, reason);
    }

    /** The outcome of a trigger from its pipelines' (at least one). */
    static TriggerOutcome of(List<PipelineOutcome> each) {
        Kind best = each.stream().map(PipelineOutcome::kind).min(Enum::compareTo).orElseThrow();
        Build build = each.stream().map(PipelineOutcome::build).filter(b -> b != null).findFirst().orElse(null);
        String reason = each.size() == 1 ? each.get(0).reason() : each.stream().filter(p -> p.reason() != null)
                .map(p -> p.pipeline() + ": " + p.reason()).collect(Collectors.joining("; "));
        return new TriggerOutcome(best, build, reason == null || reason.isEmpty() ? null : reason, each);
    }
}
