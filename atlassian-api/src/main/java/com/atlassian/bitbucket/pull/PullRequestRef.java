// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.pull;

import com.atlassian.bitbucket.repository.Repository;

/** The notes: extends RepositoryRef; the inherited getters used by Ocelot are declared here directly. */
public interface PullRequestRef {
    String getId();

    String getDisplayId();

    String getLatestCommit();

    Repository getRepository();
}
