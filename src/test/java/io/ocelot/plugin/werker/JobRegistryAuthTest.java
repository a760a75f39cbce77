package io.ocelot.plugin.werker;

import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.RegistryAuth;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.registry.ImageRegistry;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.testkit.Fixture;
import org.junit.After;
import org.junit.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Issue 14: registry credentials, global and per repository, reach the werker in the job of a build whose image
 * lives on that registry, and only there; they are sealed in the database. Real AO (HSQLDB), real werker service.
 */
public class JobRegistryAuthTest {
    private final Fixture f = new Fixture();
    private int commits;

    @After
    public void close() {
        f.close();
    }

    private Job jobFor(String image) throws InterruptedException {
        f.queued(sha(++commits), plan(image, null, "build"));
        Werker w = f.werker("w" + commits);
        return f.s.werkers.poll(w, new PollRequest(Protocol.VERSION, 1, List.of())).orElseThrow();
    }

    @Test
    public void theRepositorysCredentialWinsOverTheGlobalOneForTheImagesHost() throws Exception {
        f.enable();
        f.s.registryCredentials.set("registry.example.com:5000", "global-user", "global-token");
        f.s.registryCredentials.set("other.example.com", "other-user", "other-token");
        f.s.repositorySettings.setRegistryCredential(f.repo, "Registry.Example.com:5000", "repo-user", "repo-token");

        RegistryAuth auth = jobFor("registry.example.com:5000/team/app:1.2").registryAuth();
        assertEquals(new RegistryAuth("registry.example.com:5000", "repo-user", "repo-token"), auth);

        assertEquals("no repository credential for this host: the global one",
                new RegistryAuth("other.example.com", "other-user", "other-token"),
                jobFor("other.example.com/base/jdk:17").registryAuth());

        assertTrue(f.s.repositorySettings.removeRegistryCredential(f.repo, "registry.example.com:5000"));
        assertEquals("after the repository's is removed, the global one",
                new RegistryAuth("registry.example.com:5000", "global-user", "global-token"),
                jobFor("registry.example.com:5000/team/app:1.2").registryAuth());
    }

    @Test
    public void noCredentialForAnImageWithoutHostOrWithoutAStoredOne() throws Exception {
        f.enable();
        f.s.registryCredentials.set("registry.example.com", "u", "global-token");
        f.s.repositorySettings.setRegistryCredential(f.repo, "registry.example.com", "u", "repo-token");
        assertNull("a Docker Hub image names no host", jobFor("team/app:1").registryAuth());
        assertNull(jobFor("busybox").registryAuth());
        assertNull("no credential for this host", jobFor("unknown.example.com/app").registryAuth());
        assertNull("a host-shell plan pulls nothing", jobFor(null).registryAuth());
    }

    @Test
    public void anotherRepositorysCredentialIsNotUsed() throws Exception {
        RepositoryRef other = new RepositoryRef(8, "PROJ", "other");
        f.enable();
        f.enable(RepositorySettings.enabledWithDefaults(other));
        f.s.repositorySettings.setRegistryCredential(other, "registry.example.com", "u", "others-token");
        assertNull(jobFor("registry.example.com/app").registryAuth());
    }

    @Test
    public void aRepositoryCredentialIsWriteOnlyAndNeverInClearInTheDatabase() throws Exception {
        f.enable();
        f.s.repositorySettings.setRegistryCredential(f.repo, "registry.example.com", "deploy-bot", "s3cr3t-registry-token");
        f.s.registryCredentials.set("registry.example.com", "global-bot", "gl0bal-registry-token");
        var listed = f.s.repositorySettings.registryCredentialList(f.repo);
        assertEquals(1, listed.size());
        assertEquals("registry.example.com", listed.get(0).host());
        assertEquals("deploy-bot", listed.get(0).username());
        assertFalse(listed.toString().contains("s3cr3t"));

        StringBuilder everything = new StringBuilder();
        try (Connection c = f.db.jdbc(); Statement st = c.createStatement()) {
            for (String table : List.of("REPO_CONFIG", "SETTING")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            everything.append(rs.getString(i)).append('|');
                        }
                    }
                }
            }
        }
        assertTrue("the row was scanned", everything.toString().contains("registry.example.com"));
        assertFalse("repository token in clear", everything.toString().contains("s3cr3t-registry-token"));
        assertFalse("repository user in clear", everything.toString().contains("deploy-bot"));
        assertFalse("global token in clear", everything.toString().contains("gl0bal-registry-token"));
    }

    @Test
    public void badCredentialsAreRefusedNamingTheField() {
        f.enable();
        try {
            f.s.repositorySettings.setRegistryCredential(f.repo, "https://registry.example.com/v2", "u", "p");
            fail("a URL was taken as a host");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("host:"));
        }
        try {
            f.s.repositorySettings.setRegistryCredential(f.repo, "registry.example.com", "u", " ");
            fail("an empty password was taken");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("password:"));
        }
        try {
            f.s.repositorySettings.setRegistryCredential(new RepositoryRef(99, "X", "never"), "r.example.com", "u", "p");
            fail("stored for a repository without settings");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no Ocelot settings"));
        }
        assertTrue(f.s.repositorySettings.registryCredentials(f.repo).isEmpty());
    }

    @Test
    public void imageHostsFollowDockersRule() {
        assertEquals(Optional.empty(), ImageRegistry.hostOf("busybox:1.36"));
        assertEquals(Optional.empty(), ImageRegistry.hostOf("library/busybox"));
        assertEquals(Optional.of("localhost"), ImageRegistry.hostOf("localhost/app"));
        assertEquals(Optional.of("localhost:5000"), ImageRegistry.hostOf("localhost:5000/app:1"));
        assertEquals(Optional.of("ghcr.io"), ImageRegistry.hostOf("ghcr.io/org/app@sha256:abc"));
        assertEquals(Optional.of("registry.example.com"), ImageRegistry.hostOf("Registry.Example.com/app"));
    }
}
