// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.bitbucket.commit;

import java.io.IOException;

/** UNVERIFIED: Bitbucket's callback also has onStart/onEnd; only onCommit is used (return false to stop). */
public interface CommitCallback {
    boolean onCommit(Commit commit) throws IOException;
}
