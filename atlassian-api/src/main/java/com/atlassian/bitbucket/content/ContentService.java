package com.atlassian.bitbucket.content;

import com.atlassian.bitbucket.io.TypeAwareOutputSupplier;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.util.PageRequest;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.4.0/api/com/atlassian/bitbucket/content/ContentService.html
 * ({@code streamDirectory}: "performs a directory listing for the specified objectId+path ..., streaming the
 * results to the provided callback").
 */
public interface ContentService {
    ContentTreeNode.Type getType(Repository repository, String commitId, String path);

    void streamDirectory(Repository repository, String objectId, String path, boolean recursive,
                         ContentTreeCallback callback, PageRequest pageRequest);

    void streamFile(Repository repository, String objectId, String path, TypeAwareOutputSupplier supplier);
}
