package com.atlassian.bitbucket.content;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/jonasrutishauser/helm-pr-bitbucket-plugin/blob/1301d9e8f8132a3588497b318cddefd382092b77/src/main/java/com/github/jonasrutishauser/bitbucket/helm/impl/PrEventListener.java
 * ({@code com.atlassian.bitbucket.content.Change}, {@code getPath()}).
 */
public interface Change {
    Path getPath();
}
