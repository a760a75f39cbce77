package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.server.StorageService;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.crypto.FileSecretKeySource;

import javax.inject.Inject;
import javax.inject.Named;

/** The secret-encryption key in Bitbucket's shared home ({@code <shared>/ocelot/secret.key}), seen by every node. */
@Named
public class SharedHomeSecretKeySource extends FileSecretKeySource {
    @Inject
    public SharedHomeSecretKeySource(@ComponentImport StorageService storage) {
        super(storage.getSharedHomeDir());
    }
}
