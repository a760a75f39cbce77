package com.atlassian.bitbucket.util;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/util/PageRequest.html
 * ({@code getStart()}, {@code getLimit()}, {@code MAX_PAGE_LIMIT}; its value is not on the page, so not declared).
 */
public interface PageRequest {
    int getStart();

    int getLimit();
}
