package io.ocelot.plugin.rest.user;

import io.ocelot.core.Json;
import io.ocelot.core.api.ErrorReply;
import io.ocelot.plugin.testkit.UiFixture;
import io.ocelot.plugin.testkit.InMemoryOcelot;
import io.ocelot.plugin.ui.ParserPipelineValidator;
import io.ocelot.plugin.testkit.UserApiServer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Every user endpoint × every permission level, over real HTTP against the real resources: the exact status, and
 * that a refused call changed nothing. Then the one "not tracked" answer on every endpoint that needs tracking.
 */
public class UserApiPermissionMatrixTest {
    /** Columns: anonymous, signed in without grants, REPO_READ, REPO_WRITE, REPO_ADMIN, global ADMIN; then PROJECT_ADMIN. */
    private static final String[] TOKENS = {null, "t-stranger", "t-reader", "t-writer", "t-repoadmin", "t-admin", "t-lead"};
    private static final String B = "/rest/ocelot/1.0";
    private static final String APP = B + "/projects/PROJ/repos/app";
    private static final String SETTINGS = "{\"enabled\":true,\"werkerLabels\":[\"linux\"],\"buildGroup\":\"web\","
            + "\"secrets\":{\"TOKEN\":\"s3cret\"}}";

    private static final String CLONE = "{\"kind\":\"http\",\"username\":\"svc\",\"token\":\"BBDC-abc\"}";

    private static UserApiServer server;

    record Endpoint(String method, String path, String body, int... expected) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            //                                                       anon none read write radm admin lead
            new Endpoint("GET", B + "/status?ref=PROJ/app", null, 401, 404, 200, 200, 200, 200, 200),
            new Endpoint("GET", B + "/status?ref=app", null, 401, 404, 200, 200, 200, 200, 200),
            new Endpoint("GET", B + "/status?ref=aaaa1111", null, 401, 404, 200, 200, 200, 200, 200),
            new Endpoint("GET", APP + "/builds?branch=main&result=passed", null, 401, 404, 200, 200, 200, 200, 200),
            new Endpoint("GET", B + "/groups/web/builds", null, 401, 404, 200, 200, 200, 200, 200),
            new Endpoint("GET", B + "/builds/1", null, 401, 404, 200, 200, 200, 200, 200),
            new Endpoint("GET", B + "/builds/1/log?offset=0", null, 401, 404, 200, 200, 200, 200, 200),
            new Endpoint("POST", B + "/builds/2/kill", null, 401, 404, 403, 200, 200, 200, 200),
            new Endpoint("POST", B + "/builds/1/rebuild", null, 401, 404, 403, 200, 200, 200, 200),
            new Endpoint("POST", APP + "/trigger", "{\"branch\":\"main\"}", 401, 404, 403, 200, 200, 200, 200),
            new Endpoint("GET", APP + "/settings", null, 401, 404, 403, 403, 200, 200, 200),
            new Endpoint("PUT", APP + "/settings", SETTINGS, 401, 404, 403, 403, 200, 200, 200),
            new Endpoint("POST", APP + "/watch", null, 401, 404, 403, 403, 200, 200, 200),
            new Endpoint("POST", APP + "/unwatch", null, 401, 404, 403, 403, 200, 200, 200),
            new Endpoint("GET", B + "/werkers", null, 401, 403, 403, 403, 403, 200, 403),
            new Endpoint("POST", B + "/werkers/1/revoke", null, 401, 403, 403, 403, 403, 200, 403),
            new Endpoint("POST", B + "/werkers/99/revoke", null, 401, 403, 403, 403, 403, 404, 403),
            new Endpoint("GET", B + "/admin/registration-secret", null, 401, 403, 403, 403, 403, 200, 403),
            new Endpoint("POST", B + "/admin/registration-secret", null, 401, 403, 403, 403, 403, 200, 403),
            new Endpoint("GET", B + "/admin/clone-credentials", null, 401, 403, 403, 403, 403, 200, 403),
            new Endpoint("PUT", B + "/admin/clone-credentials", CLONE, 401, 403, 403, 403, 403, 204, 403),
            new Endpoint("PUT", B + "/admin/clone-credentials", "{\"kind\":\"ftp\"}", 401, 403, 403, 403, 403, 400, 403),
            new Endpoint("DELETE", B + "/admin/clone-credentials", null, 401, 403, 403, 403, 403, 204, 403),
            new Endpoint("POST", B + "/validate", "stages: []\n", 401, 200, 200, 200, 200, 200, 200),
            new Endpoint("GET", B + "/auto-enable", null, 401, 403, 403, 403, 403, 200, 403),
            new Endpoint("PUT", B + "/auto-enable", "{\"enabled\":true}", 401, 403, 403, 403, 403, 200, 403),
            new Endpoint("GET", B + "/projects/PROJ/auto-enable", null, 401, 403, 403, 403, 403, 200, 200),
            new Endpoint("PUT", B + "/projects/PROJ/auto-enable", "{\"enabled\":true}", 401, 403, 403, 403, 403, 200, 200));

    @BeforeClass
    public static void start() {
        server = new UserApiServer(new InMemoryOcelot(), UiFixture.users(), new ParserPipelineValidator());
    }

    @AfterClass
    public static void stop() {
        server.close();
    }

    @Test
    public void everyEndpointAtEveryPermissionLevel() {
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Endpoint e : ENDPOINTS) {
            for (int level = 0; level < TOKENS.length; level++) {
                UiFixture.seed(server.ocelot);
                long before = server.ocelot.version();
                HttpResponse<String> r = HttpCalls.call(server.baseUrl, e.method(), e.path(), TOKENS[level], e.body());
                cells++;
                String cell = e.method() + " " + e.path() + " as " + TOKENS[level];
                if (r.statusCode() != e.expected()[level]) {
                    wrong.add(cell + ": " + r.statusCode() + " (expected " + e.expected()[level] + ") " + r.body());
                    continue;
                }
                if (r.statusCode() >= 400) {
                    assertEquals(cell + " was refused but changed the model", before, server.ocelot.version());
                    ErrorReply error = Json.read(r.body(), ErrorReply.class);
                    assertTrue(cell + " gave no message", error.error() != null && error.error().length() > 10);
                } else if (e.method().equals("GET")) {
                    assertEquals(cell + ": a read changed the model", before, server.ocelot.version());
                }
            }
        }
        assertEquals(ENDPOINTS.size() * TOKENS.length, cells);
        assertEquals("wrong statuses:\n" + String.join("\n", wrong), List.of(), wrong);
    }

    @Test
    public void anUntrackedRepositoryGivesTheSameAnswerEverywhere() {
        String q = B + "/projects/PROJ/repos/quiet";
        List<String[]> calls = List.of(
                new String[]{"GET", B + "/status?ref=PROJ/quiet", null},
                new String[]{"GET", B + "/status?ref=feed1111", null},
                new String[]{"GET", q + "/builds", null},
                new String[]{"GET", B + "/builds/3", null},
                new String[]{"GET", B + "/builds/3/log", null},
                new String[]{"POST", B + "/builds/3/kill", null},
                new String[]{"POST", B + "/builds/3/rebuild", null},
                new String[]{"POST", q + "/trigger", "{}"},
                new String[]{"POST", q + "/unwatch", null});
        for (String token : List.of("t-repoadmin", "t-admin")) {
            for (String[] c : calls) {
                UiFixture.seed(server.ocelot);
                long before = server.ocelot.version();
                HttpResponse<String> r = HttpCalls.call(server.baseUrl, c[0], c[1], token, c[2]);
                assertEquals(c[0] + " " + c[1] + " " + r.body(), 404, r.statusCode());
                assertEquals(c[0] + " " + c[1], "PROJ/quiet is not tracked by Ocelot", Json.read(r.body(), ErrorReply.class).error());
                assertEquals(before, server.ocelot.version());
            }
        }
        // settings and watch are how a repository gets tracked, so they work on it
        UiFixture.seed(server.ocelot);
        assertEquals(200, HttpCalls.call(server.baseUrl, "GET", q + "/settings", "t-repoadmin", null).statusCode());
        assertEquals(200, HttpCalls.call(server.baseUrl, "POST", q + "/watch", "t-repoadmin", null).statusCode());
        assertEquals(200, HttpCalls.call(server.baseUrl, "GET", q + "/builds", "t-reader", null).statusCode());
    }

    @Test
    public void aReaderWithoutWritePermissionIsToldWhichPermissionIsMissing() {
        UiFixture.seed(server.ocelot);
        HttpResponse<String> r = HttpCalls.call(server.baseUrl, "POST", B + "/builds/2/kill", "t-reader", null);
        assertEquals("You need REPO_WRITE permission on PROJ/app to do this.", Json.read(r.body(), ErrorReply.class).error());
        r = HttpCalls.call(server.baseUrl, "GET", B + "/builds/1", "t-stranger", null);
        assertEquals("Build 1 does not exist or you do not have permission to see it.", Json.read(r.body(), ErrorReply.class).error());
        r = HttpCalls.call(server.baseUrl, "GET", B + "/builds/99", "t-admin", null);
        assertEquals(404, r.statusCode());
        assertEquals("Build 99 does not exist or you do not have permission to see it.", Json.read(r.body(), ErrorReply.class).error());
    }
}
