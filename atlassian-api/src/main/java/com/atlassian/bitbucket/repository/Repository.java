// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.repository;

import com.atlassian.bitbucket.project.Project;

public interface Repository {
    int getId();

    String getSlug();

    String getName();

    Project getProject();
}
