package com.atlassian.bitbucket.auth;

import com.atlassian.bitbucket.user.ApplicationUser;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/auth/AuthenticationContext.html
 * ({@code getCurrentUser()} is null when anonymous).
 */
public interface AuthenticationContext {
    ApplicationUser getCurrentUser();

    boolean isAuthenticated();
}
