package com.atlassian.bitbucket.repository;

/** Compile-only declaration (atlassian-api-notes.md: {@code Ref extends MinimalRef} adds {@code getLatestCommit()}). */
public interface Ref extends MinimalRef {
    String getLatestCommit();
}
