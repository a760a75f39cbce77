package io.ocelot.plugin.clone;

import java.util.Optional;

/** Port: the credential werkers clone with; empty when none is configured (anonymous clone). */
public interface CloneCredentials {
    Optional<CloneCredential> current();
}
