package com.atlassian.bitbucket.content;

import java.io.IOException;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/content/AbstractContentTreeCallback.html
 * (public no-argument constructor; {@code onTreeNode} "discards the provided ContentTreeNode and returns true").
 */
public class AbstractContentTreeCallback implements ContentTreeCallback {
    public AbstractContentTreeCallback() {
    }

    @Override
    public boolean onTreeNode(ContentTreeNode node) throws IOException {
        return true;
    }
}
