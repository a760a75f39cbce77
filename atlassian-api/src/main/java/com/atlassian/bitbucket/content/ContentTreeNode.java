// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.bitbucket.content;

/** UNVERIFIED: the Type constants (FILE, DIRECTORY, SUBMODULE) are from memory, not from the notes. */
public interface ContentTreeNode {
    enum Type { FILE, DIRECTORY, SUBMODULE }
}
