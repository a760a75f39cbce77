package com.atlassian.bitbucket;

import com.atlassian.bitbucket.i18n.KeyedMessage;

/**
 * Compile-only declaration: the unchecked base of Bitbucket's service exceptions.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/ServiceException.html
 */
public class ServiceException extends RuntimeException {
    private final KeyedMessage keyedMessage;

    public ServiceException(KeyedMessage message) {
        this(message, null);
    }

    public ServiceException(KeyedMessage message, Throwable cause) {
        super(message.getRootMessage(), cause);
        this.keyedMessage = message;
    }

    public KeyedMessage getKeyedMessage() {
        return keyedMessage;
    }

    public String getMessageKey() {
        return keyedMessage.getKey();
    }

    @Override
    public String getLocalizedMessage() {
        return keyedMessage.getLocalisedMessage();
    }
}
