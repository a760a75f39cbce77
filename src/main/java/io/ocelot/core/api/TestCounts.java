package io.ocelot.core.api;

/** What a build's test reports counted; {@code total} includes the three others. */
public record TestCounts(int total, int passed, int failed, int skipped) {
}
