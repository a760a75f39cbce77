// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
// UNVERIFIED: not confirmed by atlassian-api-notes.md; confirm with the real SDK build (-Patlassian).
package com.atlassian.bitbucket.content;

/** UNVERIFIED: superclass (a ServiceException in Bitbucket) and constructors; declared unchecked. */
public class NoSuchPathException extends RuntimeException {
    public NoSuchPathException(String message) {
        super(message);
    }
}
