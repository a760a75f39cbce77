package io.ocelot.plugin.registry;

import io.ocelot.core.api.RegistryCredentialRequest;
import io.ocelot.core.api.RegistryCredentialView;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.ui.UserFacingException;
import org.junit.After;
import org.junit.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Registry credentials over the real AO store and the admin port: sealed at rest, never handed back to admins. */
public class RegistryCredentialStoreTest {
    private final Fixture f = new Fixture();

    @After
    public void close() throws Exception {
        f.close();
    }

    @Test
    public void storedSealedOnePerHostAndShownWithoutTheSecret() throws Exception {
        f.s.administration.setRegistryCredential(new RegistryCredentialRequest(" Registry.Example.com:5000 ", "pull-bot", "pw-SECRET-1"), "admin");
        f.s.administration.setRegistryCredential(new RegistryCredentialRequest("ghcr.io", "octo", "ghp_SECRET2"), "admin");
        f.s.administration.setRegistryCredential(new RegistryCredentialRequest("ghcr.io", "octo2", "ghp_SECRET3"), "admin");

        assertEquals(List.of(new RegistryCredentialView("ghcr.io", "octo2", f.clock.millis()),
                        new RegistryCredentialView("registry.example.com:5000", "pull-bot", f.clock.millis())),
                f.s.administration.registryCredentials());
        assertEquals("ghp_SECRET3", f.s.registryCredentials.credentials().get(0).password());
        try (Connection c = f.db.jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM SETTING WHERE SETTING_KEY = 'registry.credentials'")) {
            assertTrue(rs.next());
            String stored = rs.getString(1);
            assertTrue(stored.startsWith("v1:"));
            assertFalse(stored.contains("SECRET") || stored.contains("pull-bot") || stored.contains("ghcr.io"));
        }

        assertTrue(f.s.administration.removeRegistryCredential("ghcr.io", "admin"));
        assertFalse(f.s.administration.removeRegistryCredential("ghcr.io", "admin"));
        assertEquals(1, f.s.administration.registryCredentials().size());
    }

    @Test
    public void badInputIsRefusedNamingTheField() {
        for (String[] bad : List.of(
                new String[]{"", "u", "p", "host: a registry credential needs the registry host"},
                new String[]{"https://registry.example.com", "u", "p", "host: give the registry host only"},
                new String[]{"registry.example.com/team", "u", "p", "host: give the registry host only"},
                new String[]{"bad host", "u", "p", "host: 'bad host' is not a host name"},
                new String[]{"r.example.com", " ", "p", "username: a registry credential needs"},
                new String[]{"r.example.com", "u", "", "password: a registry credential needs"},
                new String[]{"r.example.com", "u", "a\nb", "password: a password or token is one line"})) {
            try {
                f.s.administration.setRegistryCredential(new RegistryCredentialRequest(bad[0], bad[1], bad[2]), "admin");
                fail("accepted " + String.join(",", bad));
            } catch (UserFacingException e) {
                assertEquals(UserFacingException.Kind.BAD_REQUEST, e.kind());
                assertTrue(e.getMessage(), e.getMessage().startsWith(bad[3]));
            }
        }
        assertEquals(List.of(), f.s.administration.registryCredentials());
    }
}
