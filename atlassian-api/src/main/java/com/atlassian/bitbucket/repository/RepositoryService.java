package com.atlassian.bitbucket.repository;

/** Compile-only declaration (atlassian-api-notes.md). */
public interface RepositoryService {
    Repository getBySlug(String projectKey, String slug);

    Repository getById(int id);
}
