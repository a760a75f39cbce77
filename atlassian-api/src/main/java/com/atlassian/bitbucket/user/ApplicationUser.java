package com.atlassian.bitbucket.user;

/** Compile-only declaration (atlassian-api-notes.md). */
public interface ApplicationUser {
    int getId();

    String getName();

    String getSlug();

    String getDisplayName();

    String getEmailAddress();
}
