// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.project;

public interface Project {
    int getId();

    String getKey();

    String getName();
}
