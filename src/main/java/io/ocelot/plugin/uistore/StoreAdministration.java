package io.ocelot.plugin.uistore;

import io.ocelot.core.api.CloneCredentialRequest;
import io.ocelot.core.api.CloneCredentialView;
import io.ocelot.core.api.RegistrationSecretView;
import io.ocelot.core.api.RegistryCredentialRequest;
import io.ocelot.core.api.RegistryCredentialView;
import io.ocelot.plugin.clone.CloneCredential;
import io.ocelot.plugin.store.CloneCredentialStore;
import io.ocelot.plugin.store.RegistryCredentialStore;
import io.ocelot.plugin.ui.OcelotAdministration;
import io.ocelot.plugin.ui.UserFacingException;
import io.ocelot.plugin.werker.WerkerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.List;
import java.util.Locale;

/**
 * {@link OcelotAdministration} over the werker registry and the clone and registry credential stores; the checks are
 * theirs.
 */
@Named
public class StoreAdministration implements OcelotAdministration {
    private static final Logger log = LoggerFactory.getLogger(StoreAdministration.class);
    private final WerkerRegistry registry;
    private final CloneCredentialStore clone;
    private final RegistryCredentialStore registries;

    @Inject
    public StoreAdministration(WerkerRegistry registry, CloneCredentialStore clone, RegistryCredentialStore registries) {
        this.registry = registry;
        this.clone = clone;
        this.registries = registries;
    }

    @Override
    public RegistrationSecretView registrationSecret() {
        return new RegistrationSecretView(registry.hasRegistrationSecret(), registry.registrationSecretSetAt().orElse(null), null);
    }

    @Override
    public RegistrationSecretView rotateRegistrationSecret(String byUser) {
        String secret = registry.generateRegistrationSecret();
        log.info("werker registration secret rotated by {}", byUser);
        return new RegistrationSecretView(true, registry.registrationSecretSetAt().orElse(null), secret);
    }

    @Override
    public CloneCredentialView cloneCredential() {
        String template = clone.urlTemplate().orElse(null);
        return clone.describe().map(d -> new CloneCredentialView(true, kindName(d.kind()), d.username(), d.setAt(), template))
                .orElse(new CloneCredentialView(false, null, null, null, template));
    }

    @Override
    public void setCloneCredential(CloneCredentialRequest in, String byUser) {
        String kind = in.kind() == null ? "" : in.kind().strip().toLowerCase(Locale.ROOT);
        try {
            CloneCredential credential = switch (kind) {
                case CloneCredentialRequest.HTTP -> CloneCredentialStore.http(in.username(), in.token());
                case CloneCredentialRequest.SSH -> CloneCredentialStore.ssh(in.privateKey());
                default -> throw new IllegalArgumentException("kind: " + (kind.isEmpty() ? "missing" : "'" + in.kind()
                        + "' is unknown") + "; use \"http\" (with username and token) or \"ssh\" (with privateKey)");
            };
            clone.set(credential, in.urlTemplate() == null || in.urlTemplate().isBlank() ? null : in.urlTemplate());
        } catch (IllegalArgumentException e) {
            throw UserFacingException.badRequest(e.getMessage());
        }
        log.info("clone credential ({}) set by {}", kind, byUser);
    }

    @Override
    public void clearCloneCredential(String byUser) {
        clone.clear();
        log.info("clone credential removed by {}", byUser);
    }

    @Override
    public List<RegistryCredentialView> registryCredentials() {
        return registries.list().stream().map(d -> new RegistryCredentialView(d.host(), d.username(), d.setAt())).toList();
    }

    @Override
    public void setRegistryCredential(RegistryCredentialRequest in, String byUser) {
        try {
            String host = registries.set(in.host(), in.username(), in.password());
            log.info("registry credential for {} set by {}", host, byUser);
        } catch (IllegalArgumentException e) {
            throw UserFacingException.badRequest(e.getMessage());
        }
    }

    @Override
    public boolean removeRegistryCredential(String host, String byUser) {
        boolean removed = registries.remove(host);
        if (removed) {
            log.info("registry credential for {} removed by {}", host, byUser);
        }
        return removed;
    }

    @Override
    public boolean revokeWerker(long werkerId, String byUser) {
        boolean revoked = registry.revoke(werkerId);
        if (revoked) {
            log.info("werker {} revoked by {}", werkerId, byUser);
        }
        return revoked;
    }

    private static String kindName(CloneCredential.Kind kind) {
        return kind == CloneCredential.Kind.HTTP_TOKEN ? CloneCredentialRequest.HTTP : CloneCredentialRequest.SSH;
    }
}
