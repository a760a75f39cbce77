package io.ocelot.plugin.ui;

import io.ocelot.core.api.CloneCredentialRequest;
import io.ocelot.core.api.CloneCredentialView;
import io.ocelot.core.api.RegistrationSecretView;
import io.ocelot.core.api.RegistryCredentialRequest;
import io.ocelot.core.api.RegistryCredentialView;

import java.util.List;

/**
 * What a Bitbucket admin configures for all of Ocelot: the werker registration secret, the clone credential, the
 * container registry credentials, and which werkers may still call. Secrets go in and never come out (the one exception: a freshly rotated registration
 * secret, shown once). The caller has checked ADMIN; {@code byUser} is for the log.
 */
public interface OcelotAdministration {
    RegistrationSecretView registrationSecret();

    /** Replaces the registration secret with a fresh random one and returns it (with its value, this once). */
    RegistrationSecretView rotateRegistrationSecret(String byUser);

    CloneCredentialView cloneCredential();

    /** Stores the credential; {@link UserFacingException#badRequest} naming the field when it is not acceptable. */
    void setCloneCredential(CloneCredentialRequest request, String byUser);

    /** Werkers clone anonymously again. */
    void clearCloneCredential(String byUser);

    /** The registry credentials by host, without their secrets. */
    List<RegistryCredentialView> registryCredentials();

    /**
     * Stores (or replaces) the credential for the request's host; {@link UserFacingException#badRequest} naming the
     * field when it is not acceptable. Stored only for now: sending it to werkers with the job is a separate change.
     */
    void setRegistryCredential(RegistryCredentialRequest request, String byUser);

    /** False when no credential was stored for {@code host}. */
    boolean removeRegistryCredential(String host, String byUser);

    /** The werker's token stops working at once; false when there is no such werker. */
    boolean revokeWerker(long werkerId, String byUser);
}
