package com.atlassian.bitbucket.repository;

import com.atlassian.bitbucket.project.Project;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/6.9.0/api/com/atlassian/bitbucket/repository/Repository.html
 * ({@code int getId()}, {@code getName()}, {@code getProject()}, {@code getScmId()}, {@code getSlug()}).
 * {@code isPublic()} and {@code isFork()} are listed under Not confirmed: see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public interface Repository {
    int getId();

    String getSlug();

    String getName();

    Project getProject();

    String getScmId();

    boolean isPublic();

    boolean isFork();
}
