package com.atlassian.bitbucket.repository;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/7.16.1/api/com/atlassian/bitbucket/repository/RefChange.html
 * ({@code getRef()}, {@code getFromHash()}, {@code getToHash()}, {@code getType()}).
 */
public interface RefChange {
    MinimalRef getRef();

    String getFromHash();

    String getToHash();

    RefChangeType getType();
}
