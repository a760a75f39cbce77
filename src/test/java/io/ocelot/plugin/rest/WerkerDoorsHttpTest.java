package io.ocelot.plugin.rest;

import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.ErrorReply;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.MutableClock;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.WerkerHttp;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * The doors of the werker API (issue 14): what an unauthenticated or hostile caller can send to register and to the
 * build calls, over real HTTP into the real AO store. A refused call changes nothing.
 */
public class WerkerDoorsHttpTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final MutableClock clock = new MutableClock();
    private final InMemoryUserPermissions users = new InMemoryUserPermissions().user("root", "t-root").admin("root");
    private PluginHarness h;
    private RepositoryRef repo;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options()
                .handPlanned(files, "build", "test")
                .users(users)
                .clock(clock)
                .config(new OcelotConfig().with(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(20))));
        repo = h.enableRepository("PROJ", "repo");
    }

    @After
    public void stop() {
        h.close();
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return WerkerHttp.post(h, path, token, body);
    }

    private HttpResponse<String> register(String secret, String name, List<String> labels, String version)
            throws Exception {
        return post("/register", null, Json.write(new RegisterRequest(Protocol.VERSION, secret, name, labels, 2,
                version)));
    }

    private HttpResponse<String> werkersAsAdmin() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(h.userApiUrl() + "/werkers"))
                .header("Authorization", "Bearer t-root").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> r) {
        return Json.read(r.body(), ErrorReply.class).error();
    }

    private int werkerRows() throws Exception {
        try (Connection c = h.database().jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM WERKER")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    public void overLongFieldsAreRefusedAtRegisterAndNoRowIsWritten() throws Exception {
        String secret = h.registrationSecret();
        HttpResponse<String> longName = register(secret, "w".repeat(300), List.of("docker"), "1.0");
        assertEquals(longName.body(), 400, longName.statusCode());
        assertEquals("register: name has 300 characters, at most 100 are allowed", error(longName));

        HttpResponse<String> longLabel = register(secret, "w1", List.of("docker", "l".repeat(65)), "1.0");
        assertEquals(400, longLabel.statusCode());
        assertTrue(error(longLabel), error(longLabel).startsWith("register: label 'llllllllllllllllllll…' has 65 characters"));

        HttpResponse<String> manyLabels = register(secret, "w1", Collections.nCopies(40, "x").stream()
                .map(x -> x + Math.random()).toList(), "1.0");
        assertEquals(400, manyLabels.statusCode());
        assertEquals("register: at most 32 labels, got 40", error(manyLabels));

        HttpResponse<String> longVersion = register(secret, "w1", List.of(), "v".repeat(500));
        assertEquals(400, longVersion.statusCode());
        assertEquals("register: version has 500 characters, at most 64 are allowed", error(longVersion));

        HttpResponse<String> control = register(secret, "w1\u0000x", List.of(), "1.0");
        assertEquals(400, control.statusCode());
        assertEquals("register: name contains a control character", error(control));

        assertEquals("no refused call left a row", 0, werkerRows());
        HttpResponse<String> list = werkersAsAdmin();
        assertEquals(list.body(), 200, list.statusCode());
        assertEquals("[]", list.body().replace(" ", ""));

        assertEquals(200, register(secret, "w".repeat(100), List.of("docker"), "1.0").statusCode());
        assertEquals(1, werkerRows());
    }

    @Test
    public void aNamelessRowFromBeforeDoesNotBreakTheWerkerList() throws Exception {
        // What the old register left behind (a row with a token hash and nothing else), beside an ordinary werker
        // that is offline too, so the list must order the two by name.
        try (Connection c = h.database().jdbc()) {
            c.createStatement().executeUpdate("INSERT INTO WERKER (TOKEN_HASH, MAX_BUILDS, REGISTERED_AT, "
                    + "LAST_SEEN_AT, REVOKED) VALUES ('abc', 1, 0, 0, FALSE)");
            c.createStatement().executeUpdate("INSERT INTO WERKER (TOKEN_HASH, NAME, LABELS, MAX_BUILDS, "
                    + "REGISTERED_AT, LAST_SEEN_AT, REVOKED) VALUES ('def', 'old', '', 1, 0, 0, FALSE)");
        }
        HttpResponse<String> list = werkersAsAdmin();
        assertEquals(list.body(), 200, list.statusCode());
        assertTrue(list.body(), list.body().contains("\"name\":\"(unnamed werker "));
        assertTrue(list.body(), list.body().contains("\"name\":\"old\""));
    }

    @Test
    public void registerChecksTheProtocolVersion() throws Exception {
        HttpResponse<String> r = post("/register", null, Json.write(new RegisterRequest(7, h.registrationSecret(),
                "w1", List.of(), 1, "1.0")));
        assertEquals(400, r.statusCode());
        assertEquals("register: this Ocelot plugin speaks werker protocol " + Protocol.VERSION
                + ", the werker sent 7: upgrade the werker or the plugin", error(r));
        assertEquals(0, werkerRows());
    }

    @Test
    public void wrongSecretsAreCheapAndThenRateLimited() throws Exception {
        int unauthorized = 0;
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = register("wrong-secret-number-" + i, "w", List.of(), "1.0");
            if (r.statusCode() == 401) {
                unauthorized++;
            } else if (r.statusCode() == 429) {
                limited++;
                retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                assertTrue(error(r), error(r).startsWith("register: too many wrong registration secrets from 127.0.0.1"));
            }
        }
        assertEquals("a burst of 10 wrong secrets, then 429", 10, unauthorized);
        assertEquals(190, limited);
        assertNotNull(retryAfter);
        assertTrue(retryAfter, Integer.parseInt(retryAfter) >= 1);

        HttpResponse<String> right = register(h.registrationSecret(), "w1", List.of(), "1.0");
        assertEquals("the address is still limited, even with the right secret", 429, right.statusCode());
        clock.advance(Duration.ofSeconds(7));
        assertEquals("one token back after the refill interval", 200,
                register(h.registrationSecret(), "w1", List.of(), "1.0").statusCode());
        assertEquals(1, werkerRows());
    }

    /**
     * A wrong secret is refused by the keyed fast check and never reaches the slow PBKDF2 (tens of milliseconds of CPU
     * each, which an anonymous caller must not be able to spend): with a stored slow hash that cannot be evaluated at
     * all, wrong secrets are still a plain 401.
     */
    @Test
    public void aWrongSecretNeverReachesTheSlowHash() throws Exception {
        assertEquals(200, register(h.registrationSecret(), "w1", List.of(), "1.0").statusCode()); // the fast check is set
        h.services().settings.put("werker.registrationSecretHash", "pbkdf2$not-a-number$AAAA$AAAA");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = register("wrong-secret-" + i, "w", List.of(), "1.0");
            assertEquals(error(r), 401, r.statusCode());
        }
    }

    @Test
    public void aSecretSetBeforeTheFastCheckStillRegisters() throws Exception {
        try (Connection c = h.database().jdbc()) {
            c.createStatement().executeUpdate("DELETE FROM SETTING WHERE SETTING_KEY = 'werker.registrationSecretCheck'");
        }
        assertEquals(401, register("not-the-secret-at-all", "w1", List.of(), "1.0").statusCode());
        assertEquals(200, register(h.registrationSecret(), "w1", List.of(), "1.0").statusCode());
        assertTrue("kept at the first match", h.services().settings.get("werker.registrationSecretCheck").isPresent());
        assertEquals(200, register(h.registrationSecret(), "w2", List.of(), "1.0").statusCode());
    }

    private Job leasedJob(String token) throws Exception {
        HttpResponse<String> r = post("/poll", token, Json.write(new PollRequest(Protocol.VERSION, 1, List.of())));
        assertEquals(r.body(), 200, r.statusCode());
        return Json.read(r.body(), Job.class);
    }

    @Test
    public void aBuildIdBeyondIntIsNoBuildAndNeverBuildOne() throws Exception {
        String token = Json.read(register(h.registrationSecret(), "w1", List.of(), "1.0").body(),
                RegisterResponse.class).token();
        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(1));
        Job job = leasedJob(token);
        assertEquals(1, job.buildId());
        byte[] mine = "build one's log\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(200, post("/builds/1/log", token, Json.write(new LogAppend(job.lease(), 0, 0, LogStream.STDOUT,
                mine))).statusCode());

        String wide = "/builds/" + (1L + (1L << 32));
        HttpResponse<String> log = post(wide + "/log", token, Json.write(new LogAppend(job.lease(), mine.length, 0,
                LogStream.STDOUT, "misfiled\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals(log.body(), 404, log.statusCode());
        assertEquals("no build 4294967297", error(log));
        assertEquals(404, post(wide + "/heartbeat", token, Json.write(new Heartbeat(job.lease(), 0))).statusCode());
        assertEquals(404, post(wide + "/stage", token, Json.write(new StageUpdate(job.lease(), 0, "build",
                StageStatus.FAILED, 1, clock.millis(), 1, null))).statusCode());
        assertEquals(404, post(wide + "/finish", token, Json.write(new FinishRequest(job.lease(), BuildResult.FAILED,
                null, mine.length))).statusCode());

        assertArrayEquals(mine, h.logs().readAll(1, 1));
        assertTrue("build 1 is untouched", h.builds().find(1).orElseThrow().outcome() == null);
        assertTrue(h.builds().stages(1).stream().noneMatch(s -> s.status() == StageStatus.FAILED));
        try (Connection c = h.database().jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM LOG_CHUNK WHERE BUILD_ID <> 1")) {
            rs.next();
            assertEquals("no chunk filed under another id", 0, rs.getInt(1));
        }
    }

    @Test
    public void aStageIndexOutsideThePlanIsRefused() throws Exception {
        String token = Json.read(register(h.registrationSecret(), "w1", List.of(), "1.0").body(),
                RegisterResponse.class).token();
        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(1));
        Job job = leasedJob(token);
        int before = h.builds().stages(job.buildId()).size();
        HttpResponse<String> r = post("/builds/" + job.buildId() + "/stage", token, Json.write(new StageUpdate(
                job.lease(), 2, "extra", StageStatus.PASSED, 0, clock.millis(), 1, null)));
        assertEquals(r.body(), 400, r.statusCode());
        assertEquals("stage: build " + job.buildId() + " has 2 stage(s) in its plan (index 0..1), the werker sent index 2",
                error(r));
        HttpResponse<String> huge = post("/builds/" + job.buildId() + "/stage", token, Json.write(new StageUpdate(
                job.lease(), 1_000_000, "extra", StageStatus.PASSED, 0, clock.millis(), 1, null)));
        assertEquals(400, huge.statusCode());
        assertEquals(before, h.builds().stages(job.buildId()).size());
        HttpResponse<String> named = post("/builds/" + job.buildId() + "/stage", token, Json.write(new StageUpdate(
                job.lease(), 1, "n".repeat(300), StageStatus.RUNNING, null, clock.millis(), 0, null)));
        assertEquals(named.body(), 204, named.statusCode());
        assertEquals("the plan names the stage", "test", h.builds().stages(job.buildId()).stream()
                .filter(s -> s.index() == 1).findFirst().orElseThrow().name());
    }

    @Test
    public void theJobSaysHowLongTheBuildWaitedOnThePluginsClock() throws Exception {
        String token = Json.read(register(h.registrationSecret(), "w1", List.of(), "1.0").body(),
                RegisterResponse.class).token();
        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(1));
        clock.advance(Duration.ofSeconds(42));
        Job job = leasedJob(token);
        assertEquals(Long.valueOf(42_000), job.queuedMillis());
        assertFalse(job.toString().contains("secret"));
    }
}
