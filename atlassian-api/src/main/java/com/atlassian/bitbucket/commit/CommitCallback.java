package com.atlassian.bitbucket.commit;

import java.io.IOException;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/commit/CommitCallback.html
 * (functional: {@code onCommit(Commit) throws IOException}; the default {@code onStart}/{@code onEnd} are not declared here).
 */
public interface CommitCallback {
    boolean onCommit(Commit commit) throws IOException;
}
