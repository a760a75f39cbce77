// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.user;

public interface ApplicationUser {
    int getId();

    String getName();

    String getSlug();

    String getDisplayName();
}
