// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.server;

import java.net.URI;

public interface ApplicationPropertiesService {
    URI getBaseUrl();
}
