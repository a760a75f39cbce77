package com.atlassian.bitbucket.content;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/content/ContentTreeNode.html ({@code Path getPath()});
 * {@code getName()} ("everything after the last '/' (the last component), including the extension") and
 * {@code toString()} ("the components separated by '/'s"): https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/content/Path.html.
 */
public interface Path {
    String getName();

    @Override
    String toString();
}
