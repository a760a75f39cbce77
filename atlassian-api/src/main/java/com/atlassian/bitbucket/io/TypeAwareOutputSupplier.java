package com.atlassian.bitbucket.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Compile-only declaration; Bitbucket provides the real type at run time.
 * Source: https://docs.atlassian.com/bitbucket-server/javadoc/8.3.0/api/com/atlassian/bitbucket/io/TypeAwareOutputSupplier.html
 * (package in https://docs.atlassian.com/bitbucket-server/javadoc/9.4.0/api/com/atlassian/bitbucket/io/package-summary.html).
 */
public interface TypeAwareOutputSupplier {
    OutputStream getStream(String contentType) throws IOException;
}
