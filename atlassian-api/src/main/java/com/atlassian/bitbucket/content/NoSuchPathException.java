package com.atlassian.bitbucket.content;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/content/NoSuchPathException.html
 * (unchecked: NoSuchObjectException, NoSuchEntityException, ServiceException, RuntimeException). The String
 * constructor is ours, for tests; the real ones take a KeyedMessage. Not confirmed: see docs/bitbucket-api.md#not-confirmed-from-public-sources.
 */
public class NoSuchPathException extends RuntimeException {
    public NoSuchPathException(String message) {
        super(message);
    }
}
