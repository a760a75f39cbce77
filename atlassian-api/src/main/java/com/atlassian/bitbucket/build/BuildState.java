// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.build;

public enum BuildState {
    SUCCESSFUL, FAILED, INPROGRESS, CANCELLED, UNKNOWN
}
