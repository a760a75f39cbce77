package com.atlassian.bitbucket.repository;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/9.5.0/api/com/atlassian/bitbucket/repository/Branch.html ({@code Branch extends Ref}).
 */
public interface Branch extends Ref {
}
