package com.atlassian.bitbucket.content;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/10.1.2/api/com/atlassian/bitbucket/content/ContentTreeNode.Type.html
 * (DIRECTORY, FILE, SUBMODULE) and https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/content/ContentTreeNode.html;
 * {@code getPath()} and {@code getType()}: https://docs.atlassian.com/bitbucket-server/javadoc/7.12.0/api/com/atlassian/bitbucket/content/ContentTreeNode.html.
 */
public interface ContentTreeNode {
    enum Type { FILE, DIRECTORY, SUBMODULE }

    Path getPath();

    Type getType();
}
