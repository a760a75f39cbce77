package com.atlassian.bitbucket.project;

/** Compile-only declaration. UNVERIFIED: not in the notes; believed to exist with this signature. */
public interface ProjectService {
    Project getByKey(String key);
}
