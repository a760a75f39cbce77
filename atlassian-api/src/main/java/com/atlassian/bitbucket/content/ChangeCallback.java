package com.atlassian.bitbucket.content;

import java.io.IOException;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.6.0/api/com/atlassian/bitbucket/content/ChangeCallback.html
 * (functional: {@code onChange(Change) throws IOException}; the default {@code onStart}/{@code onEnd} are not declared here).
 */
public interface ChangeCallback {
    boolean onChange(Change change) throws IOException;
}
