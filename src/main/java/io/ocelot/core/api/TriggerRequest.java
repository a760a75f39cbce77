package io.ocelot.core.api;

/**
 * Build a commit ({@code commit}, a full hash or a unique prefix) or the head of {@code branch}; exactly one of them,
 * or neither for the default branch's head. {@code force} bypasses the file's branch filters and {@code [skip ci]}.
 */
public record TriggerRequest(String commit, String branch, boolean force) {
}
