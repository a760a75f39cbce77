package com.atlassian.bitbucket.server;

import java.nio.file.Path;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/server/StorageService.html
 */
public interface StorageService {
    Path getSharedHomeDir();

    Path getDataDir();
}
