// Compile-only declaration (see atlassian-api-notes.md); Bitbucket provides the real type at run time.
package com.atlassian.bitbucket.io;

import java.io.IOException;
import java.io.OutputStream;

public interface TypeAwareOutputSupplier {
    OutputStream getStream(String contentType) throws IOException;
}
