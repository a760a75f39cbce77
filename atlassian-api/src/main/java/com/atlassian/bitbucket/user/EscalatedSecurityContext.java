package com.atlassian.bitbucket.user;

import com.atlassian.bitbucket.permission.Permission;
import com.atlassian.bitbucket.util.Operation;

/**
 * Compile-only declaration: a security context with added permissions; {@link #call} runs an operation in it and
 * restores the previous context after. Nested calls merge the elevated permissions.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/user/EscalatedSecurityContext.html
 */
public interface EscalatedSecurityContext {
    <T, E extends Throwable> T call(Operation<T, E> operation) throws E;

    EscalatedSecurityContext withPermission(Permission permission);

    EscalatedSecurityContext withPermission(Object resource, Permission permission);
}
