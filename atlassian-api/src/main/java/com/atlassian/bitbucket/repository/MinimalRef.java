// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.repository;

public interface MinimalRef {
    String getId();

    String getDisplayId();

    RefType getType();
}
