package io.ocelot.core.api;

/** A build's test counts over every stage that read JUnit reports. */
public record TestCounts(int passed, int failed, int skipped) {
}
