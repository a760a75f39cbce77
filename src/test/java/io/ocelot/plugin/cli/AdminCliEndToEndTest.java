package io.ocelot.plugin.cli;

import io.ocelot.core.Json;
import io.ocelot.core.protocol.Messages;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.clone.CloneCredential;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The {@code ocelot admin} and {@code ocelot werkers revoke} commands, the real binary against the REAL plugin
 * ({@link PluginHarness}: AO on HSQLDB, werker and user API on one server): the rotated secret registers a werker
 * and the old one no longer does, a clone credential read from a file or standard input is stored, a revoked werker
 * is refused. Secrets never go on a command line.
 */
public class AdminCliEndToEndTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SSH_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";
    private static PluginHarness h;
    private static OcelotCli cli;

    @BeforeClass
    public static void start() throws Exception {
        h = PluginHarness.start(PluginHarness.options().users(new InMemoryUserPermissions()
                .user("admin", "t-admin").admin("admin").user("dev", "t-dev")));
        cli = new OcelotCli(tmp.newFolder("cwd"));
    }

    @AfterClass
    public static void stop() {
        if (h != null) {
            h.close();
        }
    }

    private static OcelotCli.Run ocelot(String token, String stdin, String... args) throws Exception {
        return cli.run(h.baseUrl(), token, stdin, args);
    }

    private static HttpResponse<String> werkerCall(String token, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.werkerUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (token != null) {
            b.header(Protocol.WERKER_TOKEN_HEADER, token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> register(String secret, String name) throws Exception {
        return werkerCall(null, "/register", new Messages.RegisterRequest(Protocol.VERSION, secret, name, List.of(), 1, "t"));
    }

    @Test
    public void rotatingTheRegistrationSecretPrintsItOnceAndOnlyItRegistersWerkers() throws Exception {
        OcelotCli.Run shown = ocelot("t-admin", null, "admin", "registration-secret");
        assertEquals(shown.err(), 0, shown.exit());
        assertTrue(shown.out(), shown.out().startsWith("a werker registration secret is set (set "));

        assertEquals(5, ocelot("t-dev", null, "admin", "registration-secret", "--rotate").exit());
        assertEquals("a refused rotation changed nothing", 200, register(h.registrationSecret(), "still-old").statusCode());

        OcelotCli.Run rotated = ocelot("t-admin", null, "admin", "registration-secret", "--rotate");
        assertEquals(rotated.err(), 0, rotated.exit());
        String secret = rotated.out().trim();
        assertTrue(rotated.out(), secret.startsWith("ocr_") && !secret.contains("\n"));
        assertTrue(rotated.err(), rotated.err().contains("not shown again"));

        assertEquals(401, register(h.registrationSecret(), "old-secret").statusCode());
        HttpResponse<String> fresh = register(secret, "new-secret");
        assertEquals(fresh.body(), 200, fresh.statusCode());
        assertFalse("never shown again", ocelot("t-admin", null, "admin", "registration-secret", "--json").out().contains(secret));
    }

    @Test
    public void cloneCredentialsComeFromAFileOrStandardInput() throws Exception {
        File tokenFile = tmp.newFile("clone-token");
        Files.writeString(tokenFile.toPath(), "BBDC-file-token-42\n");
        OcelotCli.Run http = ocelot("t-admin", null, "admin", "clone-credentials", "--http-user", "svc",
                "--http-token-file", tokenFile.getPath());
        assertEquals(http.err(), 0, http.exit());
        assertTrue(http.out(), http.out().startsWith("HTTP access token of svc (set "));
        assertFalse(http.out().contains("BBDC-file-token-42"));
        CloneCredential stored = h.services().cloneCredentials.current().orElseThrow();
        assertEquals("svc", stored.username());
        assertEquals("the trailing newline of the file is not part of the token", "BBDC-file-token-42", stored.secret());

        OcelotCli.Run noUrl = ocelot("t-admin", SSH_KEY, "admin", "clone-credentials", "--ssh-key-file", "-");
        assertEquals(5, noUrl.exit());
        assertTrue(noUrl.err(), noUrl.err().contains("an SSH key needs an SSH clone URL"));
        OcelotCli.Run ssh = ocelot("t-admin", SSH_KEY, "admin", "clone-credentials", "--ssh-key-file", "-",
                "--url-template", "ssh://git@bb.example.com:7999/{project}/{slug}.git");
        assertEquals(ssh.err(), 0, ssh.exit());
        assertEquals("SSH private key", ssh.out().substring(0, 15));
        assertTrue(ssh.out(), ssh.out().trim().endsWith("from ssh://git@bb.example.com:7999/{project}/{slug}.git"));
        assertEquals(SSH_KEY, h.services().cloneCredentials.current().orElseThrow().secret());

        OcelotCli.Run notAKey = ocelot("t-admin", "hunter2", "admin", "clone-credentials", "--ssh-key-file", "-");
        assertEquals(5, notAKey.exit());
        assertTrue(notAKey.err(), notAKey.err().contains("privateKey: this does not look like a private key"));
        assertEquals(2, ocelot("t-admin", "", "admin", "clone-credentials", "--ssh-key-file", "-").exit());
        assertEquals("usage: both options of the HTTP pair", 2,
                ocelot("t-admin", null, "admin", "clone-credentials", "--http-user", "svc").exit());
        assertEquals("usage: one kind at a time", 2, ocelot("t-admin", SSH_KEY, "admin", "clone-credentials",
                "--ssh-key-file", "-", "--remove").exit());
        assertEquals(5, ocelot("t-dev", null, "admin", "clone-credentials", "--remove").exit());
        assertEquals(CloneCredential.Kind.SSH_KEY, h.services().cloneCredentials.current().orElseThrow().kind());

        OcelotCli.Run removed = ocelot("t-admin", null, "admin", "clone-credentials", "--remove");
        assertEquals(removed.err(), 0, removed.exit());
        assertEquals("no clone credential: werkers clone anonymously, from Bitbucket's HTTP clone URL\n", removed.out());
        assertTrue(h.services().cloneCredentials.current().isEmpty());
    }

    @Test
    public void aRevokedWerkerIsRefusedAtOnce() throws Exception {
        Messages.RegisterResponse r = Json.read(register(h.registrationSecret(), "doomed").body(), Messages.RegisterResponse.class);
        Messages.PollRequest poll = new Messages.PollRequest(Protocol.VERSION, 1, List.of());
        assertEquals(5, ocelot("t-dev", null, "werkers", "revoke", String.valueOf(r.werkerId())).exit());

        OcelotCli.Run revoked = ocelot("t-admin", null, "werkers", "revoke", String.valueOf(r.werkerId()));
        assertEquals(revoked.err(), 0, revoked.exit());
        assertEquals("werker " + r.werkerId() + " (doomed) is revoked: its builds and calls are refused from now on\n", revoked.out());
        assertEquals(401, werkerCall(r.token(), "/poll", poll).statusCode());
        OcelotCli.Run list = ocelot("t-admin", null, "werkers");
        assertTrue(list.out(), list.out().contains("doomed") && list.out().contains("DISABLED"));

        OcelotCli.Run unknown = ocelot("t-admin", null, "werkers", "revoke", "9999");
        assertEquals(5, unknown.exit());
        assertEquals("ocelot werkers revoke: Werker 9999 does not exist.\n", unknown.err());
        assertEquals(2, ocelot("t-admin", null, "werkers", "revoke", "abc").exit());
    }
}
