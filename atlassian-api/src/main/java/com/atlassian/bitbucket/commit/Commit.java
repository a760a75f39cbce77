// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.commit;

public interface Commit {
    String getId();

    String getMessage();
}
