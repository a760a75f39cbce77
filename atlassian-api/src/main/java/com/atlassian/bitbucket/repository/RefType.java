package com.atlassian.bitbucket.repository;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/8.4.0/api/com/atlassian/bitbucket/repository/ResolveRefRequest.Builder.html
 * ({@code type(RefType)}, see StandardRefType).
 */
public interface RefType {
}
