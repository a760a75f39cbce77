package io.ocelot.e2e;

import io.ocelot.core.Json;
import io.ocelot.core.protocol.Messages.ErrorReply;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogAck;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.PluginHarness;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Scenario 7 (issue 6), the werker door: malformed JSON, oversized bodies, forged, missing and revoked werker tokens
 * and a wrong registration secret, sent over real HTTP to the plugin's werker API while a real build is leased. Each
 * is refused with its status and a JSON error naming the problem, and NOTHING in the database changes (every row of
 * every Ocelot table compared before and after). A real werker process whose token is revoked stops with exit 3.
 * (User endpoints × permissions are another test's matrix.)
 */
public class HostileWerkerInputE2eTest {
    private static final List<String> TABLES = List.of("BUILD", "STAGE", "LOG_CHUNK", "WERKER", "REPO_CONFIG",
            "QUEUE_TICKET", "LEASE", "SETTING");

    @Rule
    public final E2eRig rig = new E2eRig();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PluginHarness h;
    private String token;
    private long werkerId;
    private Job job;

    /** A registered werker holding the lease of a real queued build (the test plays that werker over HTTP). */
    @Before
    public void leaseABuild() throws Exception {
        h = rig.plugin();
        RepositoryRef repo = h.enableRepository("PROJ", "door");
        String commit = rig.git(h, repo).commitPipeline("main", "image: " + E2eRig.IMAGE
                + "\nstages:\n  - name: build\n    script: [echo hi]\n", "a build to attack");
        h.push(repo, "main", null, commit);
        HttpResponse<String> r = post("register", null, Json.write(Map.of("protocol", Protocol.VERSION,
                "registrationSecret", h.registrationSecret(), "name", "door-werker", "maxBuilds", 1)));
        assertEquals(r.body(), 200, r.statusCode());
        RegisterResponse reg = Json.read(r.body(), RegisterResponse.class);
        token = reg.token();
        werkerId = reg.werkerId();
        r = post("poll", token, "{\"protocol\":" + Protocol.VERSION + ",\"freeSlots\":1,\"running\":[]}");
        assertEquals(r.body(), 200, r.statusCode());
        job = Json.read(r.body(), Job.class);
        assertEquals(BuildState.RUNNING, h.builds().find(job.buildId()).orElseThrow().state());
    }

    @Test
    public void malformedAndOversizedBodiesAreRefusedAndNothingIsStored() throws Exception {
        Map<String, List<String>> before = snapshot();
        String build = "builds/" + job.buildId() + "/";
        String lease = Json.write(job.lease());

        refused(400, "malformed RegisterRequest", post("register", null, "{\"protocol\":1,\"registrationSecret\":"));
        refused(400, "malformed PollRequest", post("poll", token, "not json at all"));
        refused(400, "malformed Heartbeat", post(build + "heartbeat", token, "[]"));
        refused(400, "malformed LogAppend", post(build + "log", token, "{\"lease\":5,\"offset\":\"x\"}"));
        refused(400, "malformed LogAppend", post(build + "log", token, "{\"lease\":" + lease
                + ",\"offset\":0,\"stage\":0,\"data\":\"%%% not base64 %%%\"}"));
        refused(400, "malformed StageUpdate", post(build + "stage", token, "{\"lease\":" + lease + ",\"index\":"));
        refused(400, "stage: index and status are required", post(build + "stage", token, "{\"lease\":" + lease + "}"));
        refused(400, "malformed FinishRequest", post(build + "finish", token, "{\"lease\":" + lease
                + ",\"result\":\"EXPLODED\",\"logLength\":0}"));
        refused(400, "a JSON Heartbeat body is required", post(build + "heartbeat", token, ""));
        refused(400, "werker protocol", post("poll", token, "{\"protocol\":99,\"freeSlots\":1}"));
        refused(400, "a non-negative offset", post(build + "log", token, "{\"lease\":" + lease
                + ",\"offset\":-5,\"stage\":0,\"data\":\"aGk=\"}"));
        refused(404, "no build 987654", post("builds/987654/heartbeat", token, "{\"lease\":" + lease + "}"));
        refused(400, "malformed Report", post(build + "report", token, "{\"lease\":" + lease + ",\"items\":7}"));
        refused(400, "report: lease and items are required", post(build + "report", token, "{\"lease\":" + lease + "}"));
        refused(400, "must be exactly one of log, stage, finish", post(build + "report", token, "{\"lease\":" + lease
                + ",\"items\":[{\"log\":{\"offset\":0,\"stage\":0,\"data\":\"aGk=\"},\"stage\":{\"index\":0,"
                + "\"status\":\"PASSED\"}}]}"));
        refused(400, "the finish must be the last item", post(build + "report", token, "{\"lease\":" + lease
                + ",\"items\":[{\"finish\":{\"result\":\"PASSED\",\"logLength\":0}},{\"log\":{\"offset\":0,"
                + "\"stage\":0,\"data\":\"aGk=\"}}]}"));
        refused(400, "at most " + Protocol.MAX_REPORT_ITEMS + " items", post(build + "report", token, "{\"lease\":"
                + lease + ",\"items\":[" + String.join(",", java.util.Collections.nCopies(Protocol.MAX_REPORT_ITEMS + 1,
                "{\"stage\":{\"index\":0,\"status\":\"RUNNING\"}}")) + "]}"));

        String huge = "{\"pad\":\"" + "x".repeat(Protocol.MAX_BODY_BYTES + 1024) + "\"}";
        for (String path : List.of("register", "poll", build + "heartbeat", build + "log", build + "finish",
                build + "report")) {
            refused(413, "request body larger than " + Protocol.MAX_BODY_BYTES + " bytes",
                    post(path, path.equals("register") ? null : token, huge));
        }
        byte[] bigChunk = new byte[Protocol.MAX_LOG_CHUNK_BYTES + 1];
        refused(413, "at most " + Protocol.MAX_LOG_CHUNK_BYTES + " bytes per append", post(build + "log", token,
                "{\"lease\":" + lease + ",\"offset\":0,\"stage\":0,\"stream\":\"STDOUT\",\"data\":\""
                        + Base64.getEncoder().encodeToString(bigChunk) + "\"}"));
        String half = Base64.getEncoder().encodeToString(new byte[Protocol.MAX_LOG_CHUNK_BYTES / 2 + 1]);
        refused(413, "at most " + Protocol.MAX_LOG_CHUNK_BYTES + " log bytes per report", post(build + "report", token,
                "{\"lease\":" + lease + ",\"items\":[{\"log\":{\"offset\":0,\"stage\":0,\"data\":\"" + half
                        + "\"}},{\"log\":{\"offset\":" + (Protocol.MAX_LOG_CHUNK_BYTES / 2 + 1)
                        + ",\"stage\":0,\"data\":\"" + half + "\"}}]}"));

        assertEquals("nothing stored", before, snapshot());
        // the door still works for the werker that holds the lease
        HttpResponse<String> ok = post(build + "log", token, "{\"lease\":" + lease
                + ",\"offset\":0,\"stage\":0,\"stream\":\"STDOUT\",\"data\":\"aGkK\"}");
        assertEquals(ok.body(), 200, ok.statusCode());
        assertEquals(3, Json.read(ok.body(), LogAck.class).offset());
        assertEquals("hi\n", E2eRig.stageOutput(h, job.buildId(), 1));
    }

    @Test
    public void forgedMissingAndRevokedTokensAndAWrongSecretAreRefusedAndNothingIsStored() throws Exception {
        String build = "builds/" + job.buildId() + "/";
        String lease = Json.write(job.lease());
        Map<String, String> calls = new TreeMap<>(Map.of(
                "poll", "{\"protocol\":" + Protocol.VERSION + ",\"freeSlots\":1,\"running\":[]}",
                build + "heartbeat", "{\"lease\":" + lease + ",\"runningStage\":0}",
                build + "log", "{\"lease\":" + lease + ",\"offset\":0,\"stage\":0,\"data\":\"aGkK\"}",
                build + "stage", "{\"lease\":" + lease + ",\"index\":0,\"name\":\"build\",\"status\":\"PASSED\","
                        + "\"exitCode\":0}",
                build + "finish", "{\"lease\":" + lease + ",\"result\":\"PASSED\",\"logLength\":0}",
                build + "report", "{\"lease\":" + lease + ",\"items\":[{\"log\":{\"offset\":0,\"stage\":0,"
                        + "\"data\":\"aGkK\"}}]}"));
        Map<String, List<String>> before = snapshot();

        for (Map.Entry<String, String> c : calls.entrySet()) {
            refused(401, "missing 'X-Ocelot-Werker-Token: <werker token>'", post(c.getKey(), null, c.getValue()));
            refused(401, "unknown werker token", post(c.getKey(), "ocw_forged" + token.substring(10), c.getValue()));
            refused(401, "unknown werker token", post(c.getKey(), token + "x", c.getValue()));
        }
        refused(401, "wrong registration secret", post("register", null, Json.write(Map.of("protocol",
                Protocol.VERSION, "registrationSecret", h.registrationSecret() + "x", "name", "intruder"))));
        refused(401, "wrong registration secret", post("register", null, Json.write(Map.of("protocol",
                Protocol.VERSION, "name", "intruder"))));
        assertEquals("nothing stored", before, snapshot());

        assertTrue(h.services().registry.revoke(werkerId));
        before = snapshot();
        for (Map.Entry<String, String> c : calls.entrySet()) {
            refused(401, "this werker was revoked by an admin; register it again", post(c.getKey(), token, c.getValue()));
        }
        assertEquals("nothing stored for a revoked werker", before, snapshot());
        assertEquals(BuildState.RUNNING, h.builds().find(job.buildId()).orElseThrow().state());
    }

    @Test
    public void aRealWerkerWhoseTokenIsRevokedStopsWithExitCode3() throws Exception {
        WerkerProcess w = rig.start(rig.werker(h, "revoked")).awaitTakingWork();
        long id = h.services().werkerStore.all().stream().filter(x -> x.name().equals(w.name())).findFirst()
                .orElseThrow().id();
        assertTrue(h.services().registry.revoke(id));
        // its held poll ends (at most the 5 s poll hold); the next one is refused
        assertTrue("the revoked werker still runs:\n" + w.output(),
                w.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(w.output(), 3, w.process().exitValue());
        assertTrue(w.output(), w.output().contains("the werker token was revoked or is unknown; register the werker again"));
        assertTrue("the token never appears in the werker's output",
                !w.output().contains(java.nio.file.Files.readString(w.spec().workDir().resolve("werker-token")).trim()));
    }

    private void refused(int status, String messagePart, HttpResponse<String> r) {
        assertEquals(r.uri() + ": " + r.body(), status, r.statusCode());
        String error = Json.read(r.body(), ErrorReply.class).error();
        assertTrue(r.uri() + ": '" + error + "' should say '" + messagePart + "'", error.contains(messagePart));
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.werkerUrl() + "/" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            b.header(Protocol.WERKER_TOKEN_HEADER, token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every row of every Ocelot table, as text. */
    private Map<String, List<String>> snapshot() throws Exception {
        Map<String, List<String>> all = new TreeMap<>();
        try (Connection c = h.database().jdbc(); Statement st = c.createStatement()) {
            for (String table : TABLES) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY ID")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            row.append(md.getColumnName(i)).append('=')
                                    .append(v instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : v)
                                    .append(' ');
                        }
                        rows.add(row.toString());
                    }
                }
                all.put(table, rows);
            }
        }
        return all;
    }
}
