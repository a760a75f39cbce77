// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.bitbucket.content;

import java.io.IOException;

/** UNVERIFIED package and shape: Bitbucket's callback also has onStart/onEnd; only onChange is used. */
public interface ChangeCallback {
    boolean onChange(Change change) throws IOException;
}
