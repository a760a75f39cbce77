package com.atlassian.bitbucket.util;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.3.0/api/com/atlassian/bitbucket/util/PageRequestImpl.html
 * ({@code PageRequestImpl(int start, int limit)}: "a page with limit entries from the specified start index").
 */
public class PageRequestImpl implements PageRequest {
    private final int start;
    private final int limit;

    public PageRequestImpl(int start, int limit) {
        this.start = start;
        this.limit = limit;
    }

    @Override
    public int getStart() {
        return start;
    }

    @Override
    public int getLimit() {
        return limit;
    }
}
