package io.ocelot.contract;

import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.FinishReply;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.HeartbeatReply;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.LogAck;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Messages.Report;
import io.ocelot.core.protocol.Messages.ReportItem;
import io.ocelot.core.protocol.Messages.ReportReply;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import org.junit.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * The werker protocol as a werker relies on it, over real HTTP with the werker's own messages: register, poll and
 * lease, heartbeat carrying a cancel, log appends stored once by offset, stage results, finish only once the whole
 * log is held, and 409 for a lease that is no longer current. One suite for both sides of the protocol: the werker's
 * tests run it on the fake plugin they use (so that fake cannot drift from the plugin), the plugin's tests on its
 * real service behind its REST resource. Compiled by both modules (a test source directory of its own), so it uses
 * nothing but the shared core, the JDK and JUnit.
 */
public abstract class WerkerProtocolContract {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What the contract needs of the server besides its werker API: the plugin's side of a build. */
    protected interface Server {
        /** The werker API's base URL, up to and including {@link Protocol#BASE_PATH}. */
        String werkerUrl();

        String registrationSecret();

        /** Queues one build (a plan with two stages) that the next poll may lease; returns its id. */
        long enqueueBuild() throws Exception;

        /** A user cancels the build. */
        void requestCancel(long buildId, String reason) throws Exception;

        /** The build's log as the server stores it. */
        byte[] storedLog(long buildId) throws Exception;

        /** The build's stages as stored, each as {@code index:status:exitCode}. */
        List<String> storedStages(long buildId) throws Exception;

        /** The build's stored result, or null while it has none. */
        BuildResult storedResult(long buildId) throws Exception;
    }

    /** The server under test, running; the subclass starts and stops it around each case. */
    protected abstract Server server();

    // ---- calls, as the werker makes them ----

    private HttpResponse<String> post(String path, String token, Object message) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server().werkerUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message instanceof String s ? s : Json.write(message)));
        if (token != null) {
            b.header(Protocol.WERKER_TOKEN_HEADER, token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String register(String name) throws Exception {
        HttpResponse<String> r = post("/register", null, new RegisterRequest(Protocol.VERSION,
                server().registrationSecret(), name, List.of("docker"), 2, "contract"));
        assertEquals(r.body(), 200, r.statusCode());
        RegisterResponse reply = Json.read(r.body(), RegisterResponse.class);
        assertNotNull(reply.token());
        assertFalse(reply.token().isBlank());
        return reply.token();
    }

    /** Registers, queues a build and leases it. */
    private Leased lease() throws Exception {
        String token = register("contract-werker");
        long id = server().enqueueBuild();
        HttpResponse<String> r = post("/poll", token, new PollRequest(Protocol.VERSION, 1, List.of()));
        assertEquals(r.body(), 200, r.statusCode());
        Job job = Json.read(r.body(), Job.class);
        assertEquals(id, job.buildId());
        return new Leased(token, job, "/builds/" + id);
    }

    private record Leased(String token, Job job, String path) {
        LeaseRef lease() {
            return job.lease();
        }
    }

    private long append(Leased b, long offset, String text) throws Exception {
        HttpResponse<String> r = post(b.path() + "/log", b.token(), new LogAppend(b.lease(), offset, 0,
                LogStream.STDOUT, text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(r.body(), 200, r.statusCode());
        return Json.read(r.body(), LogAck.class).offset();
    }

    private int stage(Leased b, int index, String name, StageStatus status, Integer exit) throws Exception {
        return post(b.path() + "/stage", b.token(), new StageUpdate(b.lease(), index, name, status, exit,
                System.currentTimeMillis(), status == StageStatus.RUNNING ? 0 : 10, null)).statusCode();
    }

    private FinishReply finish(Leased b, BuildResult result, long logLength) throws Exception {
        HttpResponse<String> r = post(b.path() + "/finish", b.token(), new FinishRequest(b.lease(), result,
                "contract", logLength));
        assertEquals(r.body(), 200, r.statusCode());
        return Json.read(r.body(), FinishReply.class);
    }

    // ---- the contract ----

    @Test
    public void registrationWithTheSecretIssuesATokenThatTheOtherCallsTake() throws Exception {
        String token = register("contract-werker");
        HttpResponse<String> idle = post("/poll", token, new PollRequest(Protocol.VERSION, 1, List.of()));
        assertEquals("nothing queued: no work after the hold", 204, idle.statusCode());

        assertEquals(401, post("/register", null, new RegisterRequest(Protocol.VERSION, "not-the-secret", "w2",
                List.of(), 1, "contract")).statusCode());
        assertEquals(401, post("/poll", null, new PollRequest(Protocol.VERSION, 1, List.of())).statusCode());
        assertEquals(401, post("/poll", "unknown-token", new PollRequest(Protocol.VERSION, 1, List.of())).statusCode());
    }

    @Test
    public void aPollLeasesTheQueuedBuildOnce() throws Exception {
        Leased b = lease();
        assertNotNull(b.lease().leaseId());
        assertTrue("the job says how long the lease lasts", b.job().leaseSeconds() > 0);
        assertEquals(2, b.job().plan().stages().size());

        HttpResponse<String> again = post("/poll", b.token(), new PollRequest(Protocol.VERSION, 1,
                List.of(b.job().buildId())));
        assertEquals("a leased build is not leased again", 204, again.statusCode());
    }

    @Test
    public void aHeartbeatKeepsTheLeaseAndCarriesACancel() throws Exception {
        Leased b = lease();
        HttpResponse<String> first = post(b.path() + "/heartbeat", b.token(), new Heartbeat(b.lease(), 0));
        assertEquals(first.body(), 200, first.statusCode());
        HeartbeatReply calm = Json.read(first.body(), HeartbeatReply.class);
        assertFalse(calm.cancel());
        assertTrue(calm.leaseSeconds() > 0);

        server().requestCancel(b.job().buildId(), "stopped by alice");
        HeartbeatReply cancel = Json.read(post(b.path() + "/heartbeat", b.token(), new Heartbeat(b.lease(), 0)).body(),
                HeartbeatReply.class);
        assertTrue("the next heartbeat says cancel", cancel.cancel());
        assertNotNull(cancel.cancelReason());
    }

    @Test
    public void logAppendsAreStoredOnceByOffset() throws Exception {
        Leased b = lease();
        assertEquals(6, append(b, 0, "hello "));
        assertEquals("a resent range is acknowledged, not stored again", 6, append(b, 0, "hello "));
        assertEquals(12, append(b, 6, "world\n"));
        assertEquals("an overlapping range adds only what is new", 16, append(b, 9, "ld\nmore"));
        assertEquals("a range past what is held is not stored: the answer says where to go on from", 16,
                append(b, 100, "lost"));
        assertEquals("hello world\nmore", new String(server().storedLog(b.job().buildId()), StandardCharsets.UTF_8));
    }

    @Test
    public void stageResultsAreStored() throws Exception {
        Leased b = lease();
        assertEquals(204, stage(b, 0, "build", StageStatus.RUNNING, null));
        assertEquals(204, stage(b, 0, "build", StageStatus.PASSED, 0));
        assertEquals("a resent update changes nothing", 204, stage(b, 0, "build", StageStatus.PASSED, 0));
        assertEquals(204, stage(b, 1, "test", StageStatus.FAILED, 2));

        assertEquals(List.of("0:PASSED:0", "1:FAILED:2"), server().storedStages(b.job().buildId()));
    }

    @Test
    public void aFinishIsTakenOnlyOnceTheWholeLogIsHeld() throws Exception {
        Leased b = lease();
        long held = append(b, 0, "all of it\n");
        stage(b, 0, "build", StageStatus.PASSED, 0);
        stage(b, 1, "test", StageStatus.PASSED, 0);

        FinishReply behind = finish(b, BuildResult.PASSED, held + 10);
        assertFalse("the server lacks 10 log bytes", behind.accepted());
        assertEquals("and says from where to resend", held, behind.logOffset());
        assertEquals(null, server().storedResult(b.job().buildId()));

        FinishReply done = finish(b, BuildResult.PASSED, held);
        assertTrue(done.accepted());
        assertEquals(BuildResult.PASSED, server().storedResult(b.job().buildId()));
    }

    @Test
    public void aLeaseThatIsNoLongerCurrentGets409() throws Exception {
        Leased b = lease();
        LeaseRef stale = new LeaseRef(b.lease().attempt(), b.lease().leaseId() + "-stale");
        String bytes = "x";
        assertEquals(409, post(b.path() + "/heartbeat", b.token(), new Heartbeat(stale, 0)).statusCode());
        assertEquals(409, post(b.path() + "/log", b.token(), new LogAppend(stale, 0, 0, LogStream.STDOUT,
                bytes.getBytes(StandardCharsets.UTF_8))).statusCode());
        assertEquals(409, post(b.path() + "/stage", b.token(), new StageUpdate(stale, 0, "build", StageStatus.RUNNING,
                null, System.currentTimeMillis(), 0, null)).statusCode());
        assertEquals(409, post(b.path() + "/finish", b.token(), new FinishRequest(stale, BuildResult.PASSED, "x", 0))
                .statusCode());
        assertEquals("nothing of a stale lease is stored", 0, server().storedLog(b.job().buildId()).length);

        assertTrue(finish(b, BuildResult.PASSED, 0).accepted());
        assertEquals("a finished build's lease is over", 409,
                post(b.path() + "/heartbeat", b.token(), new Heartbeat(b.lease(), null)).statusCode());
    }

    private ReportReply report(Leased b, LeaseRef lease, ReportItem... items) throws Exception {
        HttpResponse<String> r = post(b.path() + "/report", b.token(), new Report(lease, List.of(items)));
        assertEquals(r.body(), 200, r.statusCode());
        return Json.read(r.body(), ReportReply.class);
    }

    private static ReportItem log(long offset, String text) {
        return ReportItem.log(offset, 0, LogStream.STDOUT, text.getBytes(StandardCharsets.UTF_8));
    }

    private static ReportItem stageItem(int index, String name, StageStatus status, Integer exit) {
        return ReportItem.stage(new StageUpdate(null, index, name, status, exit, System.currentTimeMillis(),
                status == StageStatus.RUNNING ? 0 : 10, null));
    }

    @Test
    public void aReportAppliesItsItemsInOrderWithTheFinishLastAndARepeatChangesNothing() throws Exception {
        Leased b = lease();
        assertTrue("the job says the server takes reports", b.job().takesReports());
        ReportItem[] items = {log(0, "hello\n"), stageItem(0, "build", StageStatus.RUNNING, null), log(6, "more\n"),
                stageItem(0, "build", StageStatus.PASSED, 0), stageItem(1, "test", StageStatus.PASSED, 0),
                ReportItem.finish(new FinishRequest(null, BuildResult.PASSED, "contract", 11))};
        ReportReply done = report(b, b.lease(), items);
        assertEquals(new ReportReply(6, 11, true), done);
        assertEquals("hello\nmore\n", new String(server().storedLog(b.job().buildId()), StandardCharsets.UTF_8));
        assertEquals(List.of("0:PASSED:0", "1:PASSED:0"), server().storedStages(b.job().buildId()));
        assertEquals(BuildResult.PASSED, server().storedResult(b.job().buildId()));

        assertEquals("a report sent again after its finish was taken (the reply was lost) is answered as taken",
                new ReportReply(6, 11, true), report(b, b.lease(), items));
        assertEquals(11, server().storedLog(b.job().buildId()).length);
    }

    @Test
    public void aReportStopsAtALogGapAndAtAFinishBeforeTheWholeLog() throws Exception {
        Leased b = lease();
        assertEquals("the piece past what is held is not applied, nor anything after it", new ReportReply(1, 3, false),
                report(b, b.lease(), log(0, "abc"), log(10, "lost"), stageItem(0, "build", StageStatus.PASSED, 0)));
        assertEquals("no stage reported", List.of(), reported(b));

        ReportReply early = report(b, b.lease(), stageItem(0, "build", StageStatus.RUNNING, null),
                ReportItem.finish(new FinishRequest(null, BuildResult.PASSED, "contract", 10)));
        assertEquals("the stage is applied, the finish is not: 7 log bytes are missing", new ReportReply(1, 3, false),
                early);
        assertEquals(null, server().storedResult(b.job().buildId()));
        assertEquals(new ReportReply(2, 10, true), report(b, b.lease(), log(3, "defghij"),
                ReportItem.finish(new FinishRequest(null, BuildResult.PASSED, "contract", 10))));
    }

    @Test
    public void aReportUnderALeaseThatIsNoLongerCurrentGets409AndStoresNothing() throws Exception {
        Leased b = lease();
        LeaseRef stale = new LeaseRef(b.lease().attempt(), b.lease().leaseId() + "-stale");
        HttpResponse<String> r = post(b.path() + "/report", b.token(), new Report(stale, List.of(log(0, "x"),
                stageItem(0, "build", StageStatus.RUNNING, null))));
        assertEquals(409, r.statusCode());
        assertEquals(0, server().storedLog(b.job().buildId()).length);
        assertEquals("no stage reported", List.of(), reported(b));
    }

    /** The stored stages the werker has reported on (a server may keep the others as PENDING from the plan). */
    private List<String> reported(Leased b) throws Exception {
        return server().storedStages(b.job().buildId()).stream().filter(st -> !st.contains(":PENDING:")).toList();
    }
}
