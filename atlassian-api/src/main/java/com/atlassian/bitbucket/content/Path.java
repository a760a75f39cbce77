// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.bitbucket.content;

/** UNVERIFIED: only {@code toString()} (the slash-separated path) is relied on. */
public interface Path {
    @Override
    String toString();
}
