package io.ocelot.plugin.ui.contract;

import io.ocelot.core.api.CloneCredentialRequest;
import io.ocelot.core.api.CloneCredentialView;
import io.ocelot.core.api.RegistrationSecretView;
import io.ocelot.core.api.RegistryCredentialRequest;
import io.ocelot.core.api.RegistryCredentialView;
import io.ocelot.core.api.WerkerView;
import io.ocelot.plugin.ui.OcelotAdministration;
import io.ocelot.plugin.ui.UserFacingException;
import org.junit.Test;

import java.util.List;
import java.util.function.Supplier;

import static io.ocelot.plugin.ui.contract.Refusals.refused;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * {@link OcelotAdministration} and {@link io.ocelot.plugin.ui.WerkerDirectory}: the admin page and API. Secrets go in
 * and never come out, except a freshly rotated registration secret, once.
 */
public class OcelotAdministrationContractTest extends UiPortsContract {
    private final OcelotAdministration admin;

    public OcelotAdministrationContractTest(String name, Supplier<UiWorld> world) {
        super(name, world);
        this.admin = this.world.administration();
    }

    @Test
    public void aRotatedRegistrationSecretIsShownOnceThenOnlyThatItIsSet() {
        RegistrationSecretView first = admin.rotateRegistrationSecret("admin");
        assertTrue(first.set());
        assertNotNull(first.secret());
        assertNotNull(first.setAt());
        RegistrationSecretView read = admin.registrationSecret();
        assertTrue(read.set());
        assertNull("the value is never read back", read.secret());
        assertNotEquals("a rotation makes a new one", first.secret(), admin.rotateRegistrationSecret("admin").secret());
    }

    @Test
    public void theCloneCredentialIsStoredWithoutItsSecretInTheViewAndCanBeCleared() {
        assertFalse(admin.cloneCredential().set());
        admin.setCloneCredential(new CloneCredentialRequest(CloneCredentialRequest.HTTP, "ci-bot", "tok-123456", null,
                null), "admin");
        CloneCredentialView v = admin.cloneCredential();
        assertTrue(v.set());
        assertEquals(CloneCredentialRequest.HTTP, v.kind());
        assertEquals("ci-bot", v.username());
        assertNotNull(v.setAt());
        assertFalse(v.toString().contains("tok-123456"));
        admin.clearCloneCredential("admin");
        assertFalse(admin.cloneCredential().set());
    }

    @Test
    public void aCloneCredentialOfAnUnknownKindIsABadRequestAndChangesNothing() {
        refused(UserFacingException.Kind.BAD_REQUEST, () -> admin.setCloneCredential(
                new CloneCredentialRequest("ftp", "ci-bot", "tok-123456", null, null), "admin"));
        assertFalse(admin.cloneCredential().set());
    }

    @Test
    public void registryCredentialsAreListedByHostWithoutPasswordsAndRemovedOnce() {
        admin.setRegistryCredential(new RegistryCredentialRequest("registry.example.com", "puller", "pw-secret"),
                "admin");
        admin.setRegistryCredential(new RegistryCredentialRequest("ghcr.io", "bot", "pw-2"), "admin");
        List<RegistryCredentialView> listed = admin.registryCredentials();
        assertEquals(List.of("ghcr.io", "registry.example.com"), listed.stream().map(RegistryCredentialView::host).toList());
        assertEquals(List.of("bot", "puller"), listed.stream().map(RegistryCredentialView::username).toList());
        assertFalse(listed.toString().contains("pw-secret"));
        assertTrue(admin.removeRegistryCredential("ghcr.io", "admin"));
        assertFalse("already removed", admin.removeRegistryCredential("ghcr.io", "admin"));
        assertEquals(List.of("registry.example.com"),
                admin.registryCredentials().stream().map(RegistryCredentialView::host).toList());
    }

    @Test
    public void aRegistryCredentialWithoutAHostOrAPasswordIsABadRequest() {
        refused(UserFacingException.Kind.BAD_REQUEST, () -> admin.setRegistryCredential(
                new RegistryCredentialRequest("https://registry.example.com/v2", "puller", "pw"), "admin"));
        refused(UserFacingException.Kind.BAD_REQUEST, () -> admin.setRegistryCredential(
                new RegistryCredentialRequest("registry.example.com", "puller", ""), "admin"));
        assertEquals(List.of(), admin.registryCredentials());
    }

    @Test
    public void werkersAreListedOnlineFirstThenByNameAndARevokedOneIsDisabled() {
        long zeta = world.werker("zeta", "docker");
        long alpha = world.werker("alpha", "docker", "linux");
        List<WerkerView> listed = world.werkers().werkers();
        assertEquals(List.of("alpha", "zeta"), listed.stream().map(WerkerView::name).toList());
        assertEquals(List.of("ONLINE", "ONLINE"), listed.stream().map(WerkerView::state).toList());
        assertEquals(List.of("docker", "linux"), listed.get(0).labels());
        assertEquals(alpha, listed.get(0).id());

        assertTrue(admin.revokeWerker(alpha, "admin"));
        listed = world.werkers().werkers();
        assertEquals("the disabled one last", List.of("zeta", "alpha"), listed.stream().map(WerkerView::name).toList());
        assertEquals(List.of("ONLINE", "DISABLED"), listed.stream().map(WerkerView::state).toList());
        assertEquals(zeta, listed.get(0).id());
        assertFalse("no such werker", admin.revokeWerker(alpha + zeta + 1000, "admin"));
    }
}
