package com.atlassian.bitbucket.server;

import java.net.URI;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/sourcegraph/bitbucket-server-plugin/blob/23fa2a7aae4fcb102b6fdfc3acb5627c2274e6ad/src/main/java/com/sourcegraph/admin/AdminServlet.java ({@code URI getBaseUrl()}, Bitbucket 9.2.0).
 */
public interface ApplicationPropertiesService {
    URI getBaseUrl();
}
