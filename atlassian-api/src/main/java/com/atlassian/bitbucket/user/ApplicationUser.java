package com.atlassian.bitbucket.user;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.4.0/api/com/atlassian/bitbucket/user/ApplicationUser.html
 * ({@code int getId()}, {@code getSlug()}, {@code getDisplayName()}; {@code getName()}, {@code getEmailAddress()}
 * come from Person and are declared here directly).
 */
public interface ApplicationUser {
    int getId();

    String getName();

    String getSlug();

    String getDisplayName();

    String getEmailAddress();
}
