package com.atlassian.bitbucket.repository;

import com.atlassian.bitbucket.project.Project;

/** Compile-only declaration (atlassian-api-notes.md). */
public interface Repository {
    int getId();

    String getSlug();

    String getName();

    Project getProject();

    String getScmId();

    boolean isPublic();

    boolean isFork();
}
