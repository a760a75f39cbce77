package com.atlassian.soy.renderer;

import java.util.Map;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/jonasrutishauser/helm-pr-bitbucket-plugin/blob/1301d9e8f8132a3588497b318cddefd382092b77/src/main/java/com/github/jonasrutishauser/bitbucket/helm/impl/config/GlobalConfiguration.java
 * ({@code render(Appendable, String completeModuleKey, String templateName, Map<String, Object>)}).
 * The String-returning overload is listed under Not confirmed: see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public interface SoyTemplateRenderer {
    void render(Appendable appendable, String completeModuleKey, String templateName, Map<String, Object> data)
            throws SoyException;

    String render(String completeModuleKey, String templateName, Map<String, Object> data) throws SoyException;
}
