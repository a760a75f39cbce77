package com.atlassian.bitbucket.content;

import java.io.IOException;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/content/ContentTreeCallback.html
 * ({@code onTreeNode(ContentTreeNode) throws IOException}, "called once for each path in the tree"; false stops).
 * The real interface also has {@code onStart(ContentTreeContext)} and {@code onEnd(ContentTreeSummary)} and asks
 * implementors to extend {@link AbstractContentTreeCallback}, as Ocelot does; they are not declared here.
 */
public interface ContentTreeCallback {
    boolean onTreeNode(ContentTreeNode node) throws IOException;
}
