package com.atlassian.bitbucket.util;

/**
 * Compile-only declaration: the work an {@code EscalatedSecurityContext} runs.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/util/Operation.html
 * (linked from EscalatedSecurityContext.call in the same javadoc).
 */
@FunctionalInterface
public interface Operation<T, E extends Throwable> {
    T perform() throws E;
}
