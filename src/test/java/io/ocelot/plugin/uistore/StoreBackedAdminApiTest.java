package io.ocelot.plugin.uistore;

import io.ocelot.core.Json;
import io.ocelot.core.api.CloneCredentialView;
import io.ocelot.core.api.ErrorReply;
import io.ocelot.core.api.RegistrationSecretView;
import io.ocelot.core.api.WerkerView;
import io.ocelot.core.protocol.Messages;
import io.ocelot.core.protocol.Protocol;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * The admin endpoints on the REAL plugin over HTTP: the registration secret an admin rotates is the one a werker
 * registers with (and the old one stops working); the clone credential an admin sets reaches the job a werker polls and
 * is nowhere in the database in clear; a revoked werker's next call is refused.
 */
public class StoreBackedAdminApiTest {
    private static final String SSH_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
            + "QyNTUxOQAAACDfakefakefakefakefakefakefakefakefakefakefakeAAAAJgAAAAAAAAAA\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";
    private StoreWorld w;

    @Before
    public void start() {
        w = new StoreWorld();
    }

    @After
    public void stop() {
        w.close();
    }

    @Test
    public void aRotatedSecretRegistersWerkersOnceAndTheOldOneStopsWorking() throws Exception {
        String old = w.h.registrationSecret();
        RegistrationSecretView before = w.apiOk(RegistrationSecretView.class, "GET", "/admin/registration-secret", "t-admin", null);
        assertTrue(before.set());
        assertNull("the value is never shown again", before.secret());

        RegistrationSecretView rotated = w.apiOk(RegistrationSecretView.class, "POST", "/admin/registration-secret", "t-admin", null);
        assertTrue(rotated.set());
        assertNotNull(rotated.secret());
        assertTrue(rotated.secret().length() >= 16);
        assertNotNull(rotated.setAt());

        HttpResponse<String> shown = w.api("GET", "/admin/registration-secret", "t-admin", null);
        assertFalse("GET never shows the secret", shown.body().contains(rotated.secret()));
        assertEquals(rotated.setAt(), Json.read(shown.body(), RegistrationSecretView.class).setAt());

        assertEquals(401, w.register(old, "late").statusCode());
        StoreWorld.Werker werker = w.new Werker(rotated.secret(), "fresh", List.of("linux"));
        assertTrue(werker.token.startsWith("ocw_"));
        assertEquals(List.of("fresh"), List.of(w.apiOk(WerkerView[].class, "GET", "/werkers", "t-admin", null))
                .stream().map(WerkerView::name).toList());
        assertNotInDatabase(rotated.secret());
    }

    @Test
    public void theCloneCredentialReachesTheJobAndIsNeverInClear() throws Exception {
        StoreWorld.Repo app = w.repo("PROJ", "app");
        w.h.enableRepository("PROJ", "app");
        CloneCredentialView none = w.apiOk(CloneCredentialView.class, "GET", "/admin/clone-credentials", "t-admin", null);
        assertFalse(none.set());

        String token = "BBDC-NzY5ODcxMzA1OTk0OkZ7clone-token";
        HttpResponse<String> put = w.api("PUT", "/admin/clone-credentials", "t-admin",
                "{\"kind\":\"http\",\"username\":\"svc\",\"token\":\"" + token + "\"}");
        assertEquals(put.body(), 204, put.statusCode());
        HttpResponse<String> got = w.api("GET", "/admin/clone-credentials", "t-admin", null);
        assertFalse("the token is never answered", got.body().contains(token));
        CloneCredentialView view = Json.read(got.body(), CloneCredentialView.class);
        assertEquals(new CloneCredentialView(true, "http", "svc", view.setAt(), null), view);
        assertNotNull(view.setAt());
        assertNotInDatabase(token);

        app.commit("work", "ocelot.yml", StoreBackedUserApiTest.PIPELINE);
        app.push("main");
        Messages.Job job = w.werker("w1").poll();
        assertEquals("svc", job.source().username());
        assertEquals(token, job.source().password());
        assertNull(job.source().sshPrivateKey());

        // an SSH key replaces it, and needs an SSH URL
        HttpResponse<String> noUrl = w.api("PUT", "/admin/clone-credentials", "t-admin",
                Json.write(io.ocelot.core.api.CloneCredentialRequest.ssh(SSH_KEY)));
        assertEquals(400, noUrl.statusCode());
        assertTrue(noUrl.body(), error(noUrl).startsWith("urlTemplate: an SSH key needs an SSH clone URL"));
        String template = "ssh://git@bitbucket.example.com:7999/{project}/{slug}.git";
        HttpResponse<String> ssh = w.api("PUT", "/admin/clone-credentials", "t-admin",
                Json.write(io.ocelot.core.api.CloneCredentialRequest.ssh(SSH_KEY).withUrlTemplate(template)));
        assertEquals(ssh.body(), 204, ssh.statusCode());
        CloneCredentialView sshView = w.apiOk(CloneCredentialView.class, "GET", "/admin/clone-credentials", "t-admin", null);
        assertEquals("ssh", sshView.kind());
        assertNull(sshView.username());
        assertEquals(template, sshView.urlTemplate());
        assertNotInDatabase("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ");
        assertNotInDatabase(token);
        app.commit("more", "ocelot.yml", StoreBackedUserApiTest.PIPELINE);
        app.push("main");
        Messages.Job second = w.werker("w2").poll();
        assertEquals(SSH_KEY, second.source().sshPrivateKey());
        assertNull(second.source().password());

        assertEquals(204, w.api("DELETE", "/admin/clone-credentials", "t-admin", null).statusCode());
        CloneCredentialView cleared = w.apiOk(CloneCredentialView.class, "GET", "/admin/clone-credentials", "t-admin", null);
        assertEquals(new CloneCredentialView(false, null, null, null, null), cleared);
        app.commit("anonymous", "ocelot.yml", StoreBackedUserApiTest.PIPELINE);
        app.push("main");
        Messages.Job third = w.werker("w3").poll();
        assertNull(third.source().password());
        assertNull(third.source().sshPrivateKey());
    }

    @Test
    public void badCloneCredentialsAreRefusedByNameAndNothingIsStored() {
        assertEquals(204, w.api("PUT", "/admin/clone-credentials", "t-admin",
                "{\"kind\":\"http\",\"username\":\"svc\",\"token\":\"good-token\"}").statusCode());
        CloneCredentialView stored = w.apiOk(CloneCredentialView.class, "GET", "/admin/clone-credentials", "t-admin", null);
        String publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHkey user@host";
        String[][] cases = {
                {"{\"kind\":\"ftp\",\"token\":\"x\"}", "kind: 'ftp' is unknown; use \"http\" (with username and token) or \"ssh\" (with privateKey)"},
                {"{\"username\":\"svc\",\"token\":\"x\"}", "kind: missing; use \"http\" (with username and token) or \"ssh\" (with privateKey)"},
                {"{\"kind\":\"http\",\"username\":\"svc\",\"token\":\"  \"}", "token: an HTTP clone credential needs the account's HTTP access token; it is empty"},
                {"{\"kind\":\"http\",\"token\":\"abc\"}", "username: an HTTP clone credential needs the service account's user name"},
                {"{\"kind\":\"ssh\",\"privateKey\":\"hunter2\"}", "privateKey: this does not look like a private key"},
                {"{\"kind\":\"ssh\",\"privateKey\":\"" + publicKey + "\"}", "privateKey: this is a public key; give the PRIVATE key"},
                {"{\"kind\":\"ssh\",\"privateKey\":\"-----BEGIN ENCRYPTED PRIVATE KEY-----\\nMIIB\\n-----END ENCRYPTED PRIVATE KEY-----\\n\"}",
                        "privateKey: the key is protected by a passphrase"},
                {"{\"kind\":\"http\",\"username\":\"svc\",\"token\":\"t\",\"urlTemplate\":\"https://bb.example.com/scm/x.git\"}",
                        "urlTemplate: 'https://bb.example.com/scm/x.git' has no {slug}"},
                {"{\"kind\":\"http\",\"username\":\"svc\",\"token\":\"t\",\"urlTemplate\":\"ssh://git@bb:7999/{project}/{slug}.git\"}",
                        "urlTemplate: an HTTP access token needs an http(s) clone URL"},
                {"not json", ""},
                {"", "a JSON CloneCredentialRequest body is required"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = w.api("PUT", "/admin/clone-credentials", "t-admin", c[0]);
            assertEquals(c[0] + " → " + r.body(), 400, r.statusCode());
            assertTrue(c[0] + " → " + r.body(), error(r).startsWith(c[1]));
            assertEquals("a refused credential changed nothing", stored,
                    w.apiOk(CloneCredentialView.class, "GET", "/admin/clone-credentials", "t-admin", null));
        }
        assertEquals("good-token", w.h.services().cloneCredentials.current().orElseThrow().secret());
    }

    @Test
    public void aRevokedWerkerIsRefusedAtItsNextCall() {
        StoreWorld.Repo app = w.repo("PROJ", "app");
        w.h.enableRepository("PROJ", "app");
        app.commit("work", "ocelot.yml", StoreBackedUserApiTest.PIPELINE);
        app.push("main");
        StoreWorld.Werker werker = w.werker("doomed");
        StoreWorld.Werker other = w.werker("fine");
        Messages.Job job = werker.poll();
        assertFalse(werker.heartbeat(job).cancel());

        assertEquals(403, w.api("POST", "/werkers/" + werker.id + "/revoke", "t-writer", null).statusCode());
        assertEquals(200, werker.call("/builds/" + job.buildId() + "/heartbeat", new Messages.Heartbeat(job.lease(), 0)).statusCode());

        WerkerView revoked = w.apiOk(WerkerView.class, "POST", "/werkers/" + werker.id + "/revoke", "t-admin", null);
        assertEquals("DISABLED", revoked.state());
        assertEquals("doomed", revoked.name());
        HttpResponse<String> hb = werker.call("/builds/" + job.buildId() + "/heartbeat", new Messages.Heartbeat(job.lease(), 0));
        assertEquals(401, hb.statusCode());
        assertTrue(hb.body(), hb.body().contains("revoked"));
        assertEquals(401, werker.call("/poll", new Messages.PollRequest(Protocol.VERSION, 1, List.of())).statusCode());
        assertEquals("the other werker still works", 204,
                other.call("/poll", new Messages.PollRequest(Protocol.VERSION, 1, List.of())).statusCode());

        HttpResponse<String> unknown = w.api("POST", "/werkers/4242/revoke", "t-admin", null);
        assertEquals(404, unknown.statusCode());
        assertEquals("Werker 4242 does not exist.", error(unknown));
    }

    private static String error(HttpResponse<String> r) {
        return Json.read(r.body(), ErrorReply.class).error();
    }

    /** Scans every text column of every table: the secret is in none of them. */
    private void assertNotInDatabase(String secret) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = w.h.database().jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                     + " WHERE TABLE_SCHEMA = 'PUBLIC' AND DATA_TYPE IN ('CHARACTER VARYING', 'CLOB', 'CHARACTER')")) {
            while (rs.next()) {
                columns.add("\"" + rs.getString(1) + "\".\"" + rs.getString(2) + "\"");
            }
        }
        assertTrue("no text columns found: the scan would prove nothing", columns.size() > 10);
        try (Connection c = w.h.database().jdbc(); Statement st = c.createStatement()) {
            for (String column : columns) {
                String table = column.substring(0, column.indexOf('.'));
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + column
                        + " LIKE '%" + secret.replace("'", "''") + "%'")) {
                    rs.next();
                    assertEquals(secret + " is in clear in " + column, 0, rs.getInt(1));
                }
            }
        }
    }
}
