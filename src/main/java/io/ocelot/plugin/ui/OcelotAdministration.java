package io.ocelot.plugin.ui;

import io.ocelot.core.api.CloneCredentialRequest;
import io.ocelot.core.api.CloneCredentialView;
import io.ocelot.core.api.RegistrationSecretView;

/**
 * What a Bitbucket admin configures for all of Ocelot: the werker registration secret, the clone credential, and
 * which werkers may still call. Secrets go in and never come out (the one exception: a freshly rotated registration
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

    /** The werker's token stops working at once; false when there is no such werker. */
    boolean revokeWerker(long werkerId, String byUser);
}
