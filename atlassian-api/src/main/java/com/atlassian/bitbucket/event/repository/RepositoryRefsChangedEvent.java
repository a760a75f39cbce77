// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.event.repository;

import com.atlassian.bitbucket.repository.RefChange;
import com.atlassian.bitbucket.repository.Repository;

import java.util.Collection;

public interface RepositoryRefsChangedEvent {
    Repository getRepository();

    Collection<RefChange> getRefChanges();
}
