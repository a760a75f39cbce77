package com.atlassian.soy.renderer;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/jonasrutishauser/helm-pr-bitbucket-plugin/blob/1301d9e8f8132a3588497b318cddefd382092b77/src/main/java/com/github/jonasrutishauser/bitbucket/helm/impl/config/GlobalConfiguration.java (caught around {@code render}, {@code getCause()}).
 * That it is unchecked is listed under Not confirmed: see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public class SoyException extends RuntimeException {
    public SoyException(String message) {
        super(message);
    }

    public SoyException(String message, Throwable cause) {
        super(message, cause);
    }
}
