package com.atlassian.bitbucket.content;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/content/ContentTreeNode.html ({@code Path getPath()}).
 * What {@code toString()} returns is listed under Not confirmed: see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public interface Path {
    @Override
    String toString();
}
