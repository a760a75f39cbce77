// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.event.repository;

import com.atlassian.bitbucket.user.ApplicationUser;

import java.util.Date;

/**
 * The notes: a class with the same getters as {@link RepositoryRefsChangedEvent}, extending ApplicationEvent
 * (getUser, getDate). UNVERIFIED: that it implements RepositoryRefsChangedEvent directly, and the ApplicationEvent
 * superclass (not declared here; its getters are declared on this class instead).
 */
public abstract class RepositoryPushEvent implements RepositoryRefsChangedEvent {
    public abstract ApplicationUser getUser();

    public abstract Date getDate();
}
