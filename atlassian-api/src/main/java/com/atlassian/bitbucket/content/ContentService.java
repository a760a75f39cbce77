package com.atlassian.bitbucket.content;

import com.atlassian.bitbucket.io.TypeAwareOutputSupplier;
import com.atlassian.bitbucket.repository.Repository;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.4.0/api/com/atlassian/bitbucket/content/ContentService.html
 */
public interface ContentService {
    ContentTreeNode.Type getType(Repository repository, String commitId, String path);

    void streamFile(Repository repository, String objectId, String path, TypeAwareOutputSupplier supplier);
}
