package io.ocelot.core.api;

/**
 * {@code buildId} of the new build, or null with {@code reason} when the pipeline said not to build (a branch filter,
 * {@code [skip ci]}) and force was not given.
 */
public record TriggerResponse(Long buildId, String commit, String branch, String reason) {
}
