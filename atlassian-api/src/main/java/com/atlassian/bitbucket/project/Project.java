package com.atlassian.bitbucket.project;

/** Compile-only declaration (atlassian-api-notes.md). */
public interface Project {
    int getId();

    String getKey();

    String getName();
}
