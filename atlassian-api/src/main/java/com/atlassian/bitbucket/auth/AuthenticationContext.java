package com.atlassian.bitbucket.auth;

import com.atlassian.bitbucket.user.ApplicationUser;

/** Compile-only declaration (atlassian-api-notes.md). */
public interface AuthenticationContext {
    ApplicationUser getCurrentUser();

    boolean isAuthenticated();
}
