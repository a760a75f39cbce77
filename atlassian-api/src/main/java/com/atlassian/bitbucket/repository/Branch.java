package com.atlassian.bitbucket.repository;

/** Compile-only declaration. UNVERIFIED here (a branch ref; used only by BitbucketRepositoryRefs). */
public interface Branch extends Ref {
}
