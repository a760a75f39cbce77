package com.atlassian.bitbucket;

import com.atlassian.bitbucket.i18n.KeyedMessage;

/**
 * Compile-only declaration. Thrown by Bitbucket's permission-checked services (RepositoryService, ContentService,
 * CommitService, RefService, the build-status service...) when the current security context (the user, plus any
 * {@code SecurityService} escalation) may not see or do what is asked; an anonymous thread has no permission at all.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/AuthorisationException.html
 */
public class AuthorisationException extends ServiceException {
    public AuthorisationException(KeyedMessage message) {
        super(message);
    }

    public AuthorisationException(KeyedMessage message, Throwable cause) {
        super(message, cause);
    }
}
