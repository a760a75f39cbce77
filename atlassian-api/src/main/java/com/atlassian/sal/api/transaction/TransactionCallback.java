// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.sal.api.transaction;

public interface TransactionCallback<T> {
    T doInTransaction();
}
