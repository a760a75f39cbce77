package io.ocelot.plugin.rest;

import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.ErrorReply;
import io.ocelot.core.protocol.Messages.FinishReply;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.HeartbeatReply;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogAck;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusState;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
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
import java.time.Duration;
import java.util.List;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/** The werker REST resource over real HTTP (Jersey on the JDK HTTP server), backed by the real AO store. */
public class WerkerResourceHttpTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final MutableClock clock = new MutableClock();
    private PluginHarness h;
    private RepositoryRef repo;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options()
                .handPlanned(files, "build", "test")
                .clock(clock)
                .config(new OcelotConfig().with(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(20))));
        repo = h.enableRepository("PROJ", "repo");
    }

    @After
    public void stop() {
        h.close();
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return WerkerHttp.post(h, path, token, body);
    }

    private RegisterResponse register(String name) throws Exception {
        return WerkerHttp.register(h, name, 2);
    }

    private Job poll(String token) throws Exception {
        HttpResponse<String> r = post("/poll", token, Json.write(new PollRequest(Protocol.VERSION, 1, List.of())));
        assertEquals(r.body(), 200, r.statusCode());
        return Json.read(r.body(), Job.class);
    }

    private static String error(HttpResponse<String> r) {
        return Json.read(r.body(), ErrorReply.class).error();
    }

    @Test
    public void aWholeBuildOverHttp() throws Exception {
        String token = register("w1").token();
        HttpResponse<String> empty = post("/poll", token, Json.write(new PollRequest(Protocol.VERSION, 1, List.of())));
        assertEquals("nothing queued: 204 after the hold", 204, empty.statusCode());

        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        List<Build> pushed = h.push(repo, "main", sha(0), sha(1));
        assertEquals(1, pushed.size());

        Job job = poll(token);
        assertEquals(pushed.get(0).id(), job.buildId());
        assertEquals(sha(1), job.commit());
        assertEquals("main", job.branch());
        assertEquals(h.reposRoot().toUri().toString().replaceAll("/$", "") + "/PROJ/repo.git", job.source().url());
        assertEquals(List.of("build", "test"), job.plan().stages().stream().map(s -> s.name()).toList());
        assertEquals(String.valueOf(job.buildId()), job.plan().stages().get(0).env().get("BUILD_ID"));
        String base = "/builds/" + job.buildId();

        HeartbeatReply hb = Json.read(post(base + "/heartbeat", token, Json.write(new Heartbeat(job.lease(), 0))).body(),
                HeartbeatReply.class);
        assertFalse(hb.cancel());
        assertEquals(20, hb.leaseSeconds());

        assertEquals(204, post(base + "/stage", token, Json.write(new StageUpdate(job.lease(), 0, "build",
                StageStatus.RUNNING, null, clock.millis(), 0, null))).statusCode());
        byte[] out = "hello from build\n".getBytes(StandardCharsets.UTF_8);
        LogAck ack = Json.read(post(base + "/log", token, Json.write(new LogAppend(job.lease(), 0, 0, LogStream.STDOUT,
                out))).body(), LogAck.class);
        assertEquals(out.length, ack.offset());
        assertEquals("a resent append is acknowledged, not stored again", out.length,
                Json.read(post(base + "/log", token, Json.write(new LogAppend(job.lease(), 0, 0, LogStream.STDOUT,
                        out))).body(), LogAck.class).offset());
        post(base + "/stage", token, Json.write(new StageUpdate(job.lease(), 0, "build", StageStatus.PASSED, 0,
                clock.millis(), 120, null)));
        post(base + "/stage", token, Json.write(new StageUpdate(job.lease(), 1, "test", StageStatus.FAILED, 2,
                clock.millis(), 80, "exit code 2")));

        FinishReply behind = Json.read(post(base + "/finish", token, Json.write(new FinishRequest(job.lease(),
                BuildResult.FAILED, "stage test failed", out.length + 10))).body(), FinishReply.class);
        assertFalse("the plugin lacks 10 log bytes", behind.accepted());
        assertEquals(out.length, behind.logOffset());
        FinishReply done = Json.read(post(base + "/finish", token, Json.write(new FinishRequest(job.lease(),
                BuildResult.FAILED, "stage test failed", out.length))).body(), FinishReply.class);
        assertTrue(done.accepted());

        Build b = h.builds().find(job.buildId()).orElseThrow();
        assertEquals(BuildResult.FAILED, b.outcome());
        List<Stage> stages = h.builds().stages(b.id());
        assertEquals(StageStatus.PASSED, stages.get(0).status());
        assertEquals(Integer.valueOf(2), stages.get(1).exitCode());
        assertEquals("hello from build\n", new String(h.logs().readAll(b.id(), 1), StandardCharsets.UTF_8));
        BuildStatus last = h.statuses().awaitFinal(sha(1), 1000);
        assertNotNull(last);
        assertEquals(StatusState.FAILED, last.state());
        assertEquals("1/2 stages passed · failed at test", last.description());

        HttpResponse<String> late = post(base + "/heartbeat", token, Json.write(new Heartbeat(job.lease(), 1)));
        assertEquals("finished: the lease is gone", 409, late.statusCode());
        assertTrue(error(late), error(late).contains("no longer yours"));
    }

    /**
     * Issue 9, item 4: Bitbucket reads {@code Authorization: Bearer} as one of its own tokens and refuses one it does
     * not know before any plugin resource runs (the harness's stand-in does the same), so a werker token there never
     * reaches us. In {@link Protocol#WERKER_TOKEN_HEADER} it does, and the call runs with no Bitbucket user.
     */
    @Test
    public void theWerkerTokenTravelsInItsOwnHeaderNotInAuthorization() throws Exception {
        String token = register("w1").token();
        String poll = Json.write(new PollRequest(Protocol.VERSION, 1, List.of()));
        HttpResponse<String> asBearer = http.send(HttpRequest.newBuilder(URI.create(h.werkerUrl() + "/poll"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(poll)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(asBearer.body(), 401, asBearer.statusCode());
        assertTrue("refused by Bitbucket, not by our resource: " + error(asBearer),
                error(asBearer).contains("Authentication failed"));

        assertEquals("the same token in the werker header is served", 204, post("/poll", token, poll).statusCode());
    }

    @Test
    public void badRequestsGetClearErrors() throws Exception {
        RegisterResponse w = register("w1");
        HttpResponse<String> malformed = post("/poll", w.token(), "{\"protocol\": 1, ");
        assertEquals(400, malformed.statusCode());
        assertTrue(error(malformed), error(malformed).contains("malformed PollRequest"));

        String huge = "{\"protocol\":1,\"pad\":\"" + "x".repeat(Protocol.MAX_BODY_BYTES) + "\"}";
        assertEquals(413, post("/poll", w.token(), huge).statusCode());

        HttpResponse<String> forged = post("/poll", "ocw_forged", Json.write(new PollRequest(Protocol.VERSION, 1,
                List.of())));
        assertEquals(401, forged.statusCode());
        assertEquals("unknown werker token", error(forged));
        assertEquals(401, post("/poll", null, "{}").statusCode());

        HttpResponse<String> wrongSecret = post("/register", null, Json.write(new RegisterRequest(Protocol.VERSION,
                "not-the-secret-at-all", "w2", List.of(), 1, "test")));
        assertEquals(401, wrongSecret.statusCode());

        HttpResponse<String> oldProtocol = post("/poll", w.token(), Json.write(new PollRequest(99, 1, List.of())));
        assertEquals(400, oldProtocol.statusCode());
        assertTrue(error(oldProtocol), error(oldProtocol).contains("protocol"));

        assertTrue(h.services().registry.revoke(w.werkerId()));
        HttpResponse<String> revoked = post("/poll", w.token(), Json.write(new PollRequest(Protocol.VERSION, 1,
                List.of())));
        assertEquals(401, revoked.statusCode());
        assertTrue(error(revoked), error(revoked).contains("revoked"));
    }

    @Test
    public void aWerkerWhoseLeaseExpiredGets409AndTheBuildGoesToAnother() throws Exception {
        String first = register("w1").token();
        String second = register("w2").token();
        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(1));
        Job job = poll(first);

        clock.advance(Duration.ofSeconds(21));
        h.reap();
        Job again = poll(second);
        assertEquals(job.buildId(), again.buildId());
        assertEquals(2, again.lease().attempt());

        HttpResponse<String> stale = post("/builds/" + job.buildId() + "/log", first, Json.write(new LogAppend(
                job.lease(), 0, 0, LogStream.STDOUT, "late".getBytes())));
        assertEquals(409, stale.statusCode());
        assertEquals(409, post("/builds/" + job.buildId() + "/finish", first, Json.write(new FinishRequest(job.lease(),
                BuildResult.PASSED, null, 0))).statusCode());
        assertEquals(200, post("/builds/" + job.buildId() + "/heartbeat", second,
                Json.write(new Heartbeat(again.lease(), null))).statusCode());
    }
}
