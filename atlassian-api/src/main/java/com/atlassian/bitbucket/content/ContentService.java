// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.content;

import com.atlassian.bitbucket.io.TypeAwareOutputSupplier;
import com.atlassian.bitbucket.repository.Repository;

public interface ContentService {
    ContentTreeNode.Type getType(Repository repository, String commitId, String path);

    void streamFile(Repository repository, String objectId, String path, TypeAwareOutputSupplier supplier);
}
