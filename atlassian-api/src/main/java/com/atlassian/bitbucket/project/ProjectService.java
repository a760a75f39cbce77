package com.atlassian.bitbucket.project;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://github.com/jonasrutishauser/helm-pr-bitbucket-plugin/blob/1301d9e8f8132a3588497b318cddefd382092b77/src/main/java/com/github/jonasrutishauser/bitbucket/helm/impl/config/ScopeService.java ({@code getByKey(String)}, Bitbucket 9.4.5).
 */
public interface ProjectService {
    Project getByKey(String key);
}
