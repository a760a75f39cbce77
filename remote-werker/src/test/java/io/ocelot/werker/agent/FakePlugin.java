package io.ocelot.werker.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ocelot.core.Json;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.core.protocol.Messages.ErrorReply;
import io.ocelot.core.protocol.Messages.FinishReply;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.HeartbeatReply;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.LogAck;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogPiece;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Messages.Report;
import io.ocelot.core.protocol.Messages.ReportReply;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.core.protocol.Reports;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server speaking the plugin's side of the werker protocol, with in-memory state that outlives
 * {@link #stop()}/{@link #start()} on the same port (an outage). Like the plugin it stores each log range once and
 * answers the offset it holds, refuses a stale lease with 409, and carries cancel requests on heartbeat replies.
 */
final class FakePlugin implements Closeable {
    static final String SECRET = "registration-secret-123";
    static final String PRESET_TOKEN = "preset-werker-token-456";
    /** The lease the jobs grant ({@link Job#leaseSeconds()}). */
    volatile int leaseSeconds = Protocol.DEFAULT_LEASE_SECONDS;
    /** How long an accepted finish takes to be answered (the lease is already over meanwhile, as on the plugin). */
    volatile long finishReplyDelayMillis;
    private static final Pattern BUILD_CALL = Pattern.compile(Protocol.BASE_PATH + "/builds/(\\d+)/(\\w+)");

    /** One call the werker made for a build: which call, under which lease, and what it got. */
    record Call(String kind, String leaseId, int status, long atNanos) {
    }

    final class Build {
        final long id;
        volatile int attempt;
        volatile String leaseId;
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        /** offset -> "stage/stream" of every stored range */
        final Map<Long, String> ranges = new ConcurrentHashMap<>();
        final List<StageUpdate> stages = new CopyOnWriteArrayList<>();
        final List<Call> calls = new CopyOnWriteArrayList<>();
        volatile FinishRequest finish;
        /** the werker handed the build back unfinished (release) */
        volatile io.ocelot.core.protocol.Messages.ReleaseRequest released;
        volatile String cancelReason;
        volatile int largestChunk;
        /** The most log bytes, and the most items, one report carried. */
        volatile long largestReportLog;
        volatile int largestReportItems;
        /** appends that started past what was held (the werker had to be told to go back) */
        final AtomicInteger gaps = new AtomicInteger();
        /** the first finish finds the log cut to half, as after a plugin-side loss */
        volatile boolean loseHalfAtFinish;
        final AtomicInteger refusedFinishes = new AtomicInteger();

        Build(long id) {
            this.id = id;
        }

        synchronized byte[] logBytes() {
            return log.toByteArray();
        }

        synchronized long held() {
            return log.size();
        }

        LeaseRef lease() {
            return new LeaseRef(attempt, leaseId);
        }

        /** "stage:path" -> what the werker uploaded there (the last upload of a path wins, as on the plugin). */
        final Map<String, StoredArtifact> artifacts = new ConcurrentHashMap<>();
        final AtomicLong artifactBytes = new AtomicLong();

        long firstLeaseLostAt() {
            return calls.stream().filter(c -> c.status() == 409).mapToLong(Call::atNanos).min().orElse(-1);
        }
    }

    /** An uploaded artifact as the plugin would keep it: its size and SHA-256 (the bytes are not held). */
    record StoredArtifact(int stage, String path, long bytes, String sha256) {
    }

    /** The most a build's artifacts may hold in all: an upload past it is answered 413. */
    volatile long artifactCapBytes = Long.MAX_VALUE;
    /** Told the running count of bytes received while an artifact's body streams in. */
    volatile java.util.function.LongConsumer onArtifactBytes = n -> { };
    private static final Pattern ARTIFACT_CALL = Pattern.compile(Protocol.BASE_PATH + "/builds/(\\d+)"
            + Pattern.quote(Protocol.ARTIFACTS_PATH));

    final int port;
    final Map<Long, Build> builds = new ConcurrentHashMap<>();
    final List<String> tokens = new CopyOnWriteArrayList<>(List.of(PRESET_TOKEN));
    final List<PollRequest> polls = new CopyOnWriteArrayList<>();
    final AtomicInteger registrations = new AtomicInteger();
    final AtomicInteger injectedFailures = new AtomicInteger();
    private final Map<Long, BuildPlan> plans = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, String>> secrets = new ConcurrentHashMap<>();
    private final Map<Long, CloneSpec> sources = new ConcurrentHashMap<>();
    private final Map<Long, String> commits = new ConcurrentHashMap<>();
    /** The per-build log cap the jobs carry ({@link Job#logCapBytes()}); null: none sent. */
    volatile Long logCapBytes;
    /** Whether the jobs say this plugin takes reports ({@link Job#takesReports()}); false: a plugin from before them. */
    volatile boolean takesReports = true;
    /** Report calls taken. */
    final AtomicInteger reports = new AtomicInteger();
    private final LinkedBlockingDeque<Long> queue = new LinkedBlockingDeque<>();
    private final Map<String, AtomicInteger> failNext = new ConcurrentHashMap<>();
    private final long pollHoldMillis;
    private volatile HttpServer server;
    private ExecutorService executor;

    FakePlugin(long pollHoldMillis) throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        this.pollHoldMillis = pollHoldMillis;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    synchronized FakePlugin start() throws IOException {
        executor = Executors.newCachedThreadPool();
        IOException last = null;
        for (int i = 0; i < 50; i++) { // the port may linger briefly after a stop
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
                break;
            } catch (IOException e) {
                last = e;
                sleep(100);
            }
        }
        if (server == null) {
            throw last;
        }
        server.setExecutor(executor);
        server.createContext(Protocol.BASE_PATH, this::handle);
        server.start();
        return this;
    }

    /** An outage: the port refuses connections until {@link #start()}. */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
            executor.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Queues a build; it gets a lease when a werker polls. */
    void enqueue(long id) {
        builds.put(id, new Build(id));
        queue.add(id);
    }

    /**
     * Queues a build that runs {@code plan} with {@code secrets} (instead of the default one-stage Docker plan) on a
     * clone of {@code commit} from {@code source}.
     */
    void enqueue(long id, BuildPlan plan, Map<String, String> secrets, CloneSpec source, String commit) {
        plans.put(id, plan);
        this.secrets.put(id, secrets);
        sources.put(id, source);
        commits.put(id, commit);
        enqueue(id);
    }

    boolean queued(long id) {
        return queue.contains(id);
    }

    /** The next {@code n} calls of {@code kind} (poll, log, stage, finish, heartbeat) answer {@code 503}. */
    void failNext(String kind, int n) {
        failNext.computeIfAbsent(kind, k -> new AtomicInteger()).addAndGet(n);
    }

    /** As if the plugin gave the build to another werker: the old lease is no longer current. */
    void reassign(long id) {
        Build b = builds.get(id);
        b.attempt++;
        b.leaseId = UUID.randomUUID().toString();
    }

    /** Forgets the stored log past {@code length} bytes (a range lost on the plugin's side). */
    void truncateLog(long id, long length) {
        Build b = builds.get(id);
        synchronized (b) {
            byte[] kept = java.util.Arrays.copyOf(b.log.toByteArray(), (int) Math.min(length, b.log.size()));
            b.log.reset();
            b.log.writeBytes(kept);
        }
    }

    void requestCancel(long id, String reason) {
        builds.get(id).cancelReason = reason;
    }

    Build build(long id) {
        return builds.get(id);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Matcher artifact = ARTIFACT_CALL.matcher(path);
            if (artifact.matches() && ex.getRequestMethod().equals("PUT")) {
                String token = ex.getRequestHeaders().getFirst(Protocol.WERKER_TOKEN_HEADER);
                Build b = builds.get(Long.parseLong(artifact.group(1)));
                if (token == null || !tokens.contains(token)) {
                    drain(ex);
                    reply(ex, 401, new ErrorReply("unknown werker token"));
                } else if (b == null) {
                    drain(ex);
                    reply(ex, 404, new ErrorReply("no such build"));
                } else if (failNext.getOrDefault("artifacts", new AtomicInteger()).get() > 0) {
                    drain(ex); // the werker's body is read to its end before the outage answer
                    injected(ex, "artifacts");
                    b.calls.add(new Call("artifacts", null, 503, System.nanoTime()));
                } else {
                    artifact(ex, b);
                }
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.equals(Protocol.BASE_PATH + "/register")) {
                RegisterRequest r = Json.read(body, RegisterRequest.class);
                if (!SECRET.equals(r.registrationSecret())) {
                    reply(ex, 401, new ErrorReply("bad registration secret"));
                    return;
                }
                String token = "issued-" + UUID.randomUUID();
                tokens.add(token);
                reply(ex, 200, new RegisterResponse(registrations.incrementAndGet(), token));
                return;
            }
            String token = ex.getRequestHeaders().getFirst(Protocol.WERKER_TOKEN_HEADER);
            if (ex.getRequestHeaders().containsKey("Authorization")) { // Bitbucket would refuse it before the plugin
                reply(ex, 401, new ErrorReply("a werker must not send an Authorization header"));
                return;
            }
            if (token == null || !tokens.contains(token)) {
                reply(ex, 401, new ErrorReply("unknown werker token"));
                return;
            }
            if (path.equals(Protocol.BASE_PATH + "/poll")) {
                if (injected(ex, "poll")) {
                    return;
                }
                poll(ex, Json.read(body, PollRequest.class));
                return;
            }
            Matcher m = BUILD_CALL.matcher(path);
            if (!m.matches() || !builds.containsKey(Long.parseLong(m.group(1)))) {
                reply(ex, 404, new ErrorReply("no such call " + path));
                return;
            }
            Build b = builds.get(Long.parseLong(m.group(1)));
            String kind = m.group(2);
            if (injected(ex, kind)) {
                b.calls.add(new Call(kind, null, 503, System.nanoTime()));
                return;
            }
            buildCall(ex, b, kind, body);
        } catch (RuntimeException e) {
            reply(ex, 500, new ErrorReply(e.toString()));
        }
    }

    /** PUT .../artifacts?attempt=&lease=&stage=&path=: the body streamed through a digest, never held. */
    private void artifact(HttpExchange ex, Build b) throws IOException {
        Map<String, String> q = new java.util.HashMap<>();
        for (String pair : ex.getRequestURI().getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        LeaseRef lease = new LeaseRef(Integer.parseInt(q.get("attempt")), q.get("lease"));
        if (!lease.equals(b.lease()) || b.finish != null) {
            drain(ex);
            b.calls.add(new Call("artifacts", lease.leaseId(), 409, System.nanoTime()));
            reply(ex, 409, new ErrorReply("lease " + lease.leaseId() + " is no longer current"));
            return;
        }
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long n = 0;
        byte[] buf = new byte[64 * 1024];
        java.io.InputStream in = ex.getRequestBody();
        for (int r; (r = in.read(buf)) > 0; ) {
            sha.update(buf, 0, r);
            n += r;
            onArtifactBytes.accept(n);
        }
        String key = q.get("stage") + ":" + q.get("path");
        StoredArtifact old = b.artifacts.get(key);
        long total = b.artifactBytes.get() - (old == null ? 0 : old.bytes()) + n;
        if (total > artifactCapBytes) {
            b.calls.add(new Call("artifacts", lease.leaseId(), 413, System.nanoTime()));
            reply(ex, 413, new ErrorReply("the build's artifacts would pass its cap of " + artifactCapBytes + " bytes"));
            return;
        }
        b.artifactBytes.set(total);
        b.artifacts.put(key, new StoredArtifact(Integer.parseInt(q.get("stage")), q.get("path"), n,
                java.util.HexFormat.of().formatHex(sha.digest())));
        b.calls.add(new Call("artifacts", lease.leaseId(), 200, System.nanoTime()));
        reply(ex, 200, new io.ocelot.core.protocol.Messages.ArtifactStored(q.get("path"), n, total));
    }

    private static void drain(HttpExchange ex) throws IOException {
        ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
    }

    private boolean injected(HttpExchange ex, String kind) throws IOException {
        AtomicInteger n = failNext.get(kind);
        if (n != null && n.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
            injectedFailures.incrementAndGet();
            reply(ex, 503, new ErrorReply("injected outage"));
            return true;
        }
        return false;
    }

    private void poll(HttpExchange ex, PollRequest request) throws IOException {
        polls.add(request);
        Long id;
        try {
            id = queue.poll(pollHoldMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return;
        }
        if (id == null) {
            ex.sendResponseHeaders(204, -1);
            return;
        }
        Build b = builds.get(id);
        b.attempt++;
        b.leaseId = UUID.randomUUID().toString();
        BuildPlan plan = plans.getOrDefault(id, new BuildPlan(BuildPlan.VERSION, "default", "ocelot/busybox:latest",
                null, 600, "/workspace",
                List.of(new PlannedStage("test", List.of("true"), Map.of(), "/workspace", 60, false, false, null))));
        reply(ex, 200, new Job(id, b.lease(), leaseSeconds, "PROJ/repo", "main", commits.getOrDefault(id, "abc123"),
                sources.get(id), plan,
                secrets.getOrDefault(id, Map.of()), null, 1234L, logCapBytes, takesReports ? true : null));
    }

    private void buildCall(HttpExchange ex, Build b, String kind, byte[] body) throws IOException {
        LeaseRef lease = switch (kind) {
            case "heartbeat" -> Json.read(body, Heartbeat.class).lease();
            case "log" -> Json.read(body, LogAppend.class).lease();
            case "stage" -> Json.read(body, StageUpdate.class).lease();
            case "finish" -> Json.read(body, FinishRequest.class).lease();
            case "release" -> Json.read(body, io.ocelot.core.protocol.Messages.ReleaseRequest.class).lease();
            case "report" -> Json.read(body, Report.class).lease();
            default -> null;
        };
        if (lease == null) {
            reply(ex, 404, new ErrorReply("no such call " + kind));
            return;
        }
        if (kind.equals("report")) {
            report(ex, b, lease, Json.read(body, Report.class));
            return;
        }
        if (!lease.equals(b.lease()) || (b.finish != null && !kind.equals("finish"))) {
            // as on the plugin: a lease ends when the build is given to another werker, or with its finish
            b.calls.add(new Call(kind, lease.leaseId(), 409, System.nanoTime()));
            reply(ex, 409, new ErrorReply("lease " + lease.leaseId() + " is no longer current"));
            return;
        }
        b.calls.add(new Call(kind, lease.leaseId(), 200, System.nanoTime()));
        switch (kind) {
            case "heartbeat" -> reply(ex, 200, new HeartbeatReply(b.cancelReason != null, b.cancelReason, 20));
            case "log" -> reply(ex, 200, new LogAck(storeLog(b, Json.read(body, LogAppend.class))));
            case "stage" -> {
                StageUpdate u = Json.read(body, StageUpdate.class);
                if (!b.stages.contains(u)) { // idempotent, as the plugin must be
                    b.stages.add(u);
                }
                ex.sendResponseHeaders(204, -1);
            }
            case "release" -> {
                b.released = Json.read(body, io.ocelot.core.protocol.Messages.ReleaseRequest.class);
                b.leaseId = UUID.randomUUID().toString(); // requeued: the old lease is gone, as on the plugin
                ex.sendResponseHeaders(204, -1);
            }
            default -> reply(ex, 200, finish(b, Json.read(body, FinishRequest.class)));
        }
    }

    private FinishReply finish(Build b, FinishRequest f) {
        if (b.loseHalfAtFinish) {
            b.loseHalfAtFinish = false;
            truncateLog(b.id, b.held() / 2);
        }
        long held = b.held();
        if (f.logLength() > held) {
            b.refusedFinishes.incrementAndGet();
            return new FinishReply(false, held);
        }
        b.finish = f;
        if (finishReplyDelayMillis > 0) {
            sleep(finishReplyDelayMillis);
        }
        return new FinishReply(true, held);
    }

    /**
     * A report, as the plugin takes it: one lease check, then the items in order, each recorded as the call it stands
     * for; it stops at a log piece past what is held and at a finish it does not take. A report repeated after its
     * finish was taken is answered as finished; any other call after the finish finds the lease over (409).
     */
    private void report(HttpExchange ex, Build b, LeaseRef lease, Report r) throws IOException {
        if (lease.equals(b.lease()) && b.finish != null && Reports.endsWithFinish(r)) {
            b.calls.add(new Call("report", lease.leaseId(), 200, System.nanoTime()));
            reply(ex, 200, new ReportReply(r.items().size(), b.held(), true));
            return;
        }
        if (!lease.equals(b.lease()) || b.finish != null) {
            b.calls.add(new Call("report", lease.leaseId(), 409, System.nanoTime()));
            reply(ex, 409, new ErrorReply("lease " + lease.leaseId() + " is no longer current"));
            return;
        }
        // as strict as the plugin (WerkerService.report): a finish only as the last item, and the limits
        String shape = Reports.shapeProblem(r);
        if (shape != null) {
            b.calls.add(new Call("report", lease.leaseId(), 400, System.nanoTime()));
            reply(ex, 400, new ErrorReply(shape));
            return;
        }
        long logBytes = r.items().stream().filter(it -> it.log() != null).mapToLong(it -> it.log().data().length).sum();
        if (logBytes > Protocol.MAX_LOG_CHUNK_BYTES) {
            b.calls.add(new Call("report", lease.leaseId(), 413, System.nanoTime()));
            reply(ex, 413, new ErrorReply("report: at most " + Protocol.MAX_LOG_CHUNK_BYTES + " log bytes per report"));
            return;
        }
        b.largestReportLog = Math.max(b.largestReportLog, logBytes);
        b.largestReportItems = Math.max(b.largestReportItems, r.items().size());
        b.calls.add(new Call("report", lease.leaseId(), 200, System.nanoTime()));
        reports.incrementAndGet();
        // each item is recorded as the call it stands for
        reply(ex, 200, Reports.apply(r, b.held(), new Reports.Target() {
            public long log(LogPiece p) {
                b.calls.add(new Call("log", lease.leaseId(), 200, System.nanoTime()));
                return storeLog(b, new LogAppend(lease, p.offset(), p.stage(), p.stream(), p.data()));
            }

            public void stage(StageUpdate u) {
                b.calls.add(new Call("stage", lease.leaseId(), 200, System.nanoTime()));
                if (!b.stages.contains(u)) {
                    b.stages.add(u);
                }
            }

            public FinishReply finish(FinishRequest f) {
                b.calls.add(new Call("finish", lease.leaseId(), 200, System.nanoTime()));
                return FakePlugin.this.finish(b, f);
            }
        }));
    }

    /** Stores the part of the range past what is held; a range beyond it (a gap) is not stored. */
    private long storeLog(Build b, LogAppend a) {
        synchronized (b) {
            b.largestChunk = Math.max(b.largestChunk, a.data().length);
            long held = b.log.size();
            long end = a.offset() + a.data().length;
            if (a.offset() > held) {
                b.gaps.incrementAndGet();
            }
            if (a.offset() <= held && end > held) {
                int skip = (int) (held - a.offset());
                b.ranges.put(held, a.stage() + "/" + a.stream());
                b.log.write(a.data(), skip, a.data().length - skip);
            }
            return b.log.size();
        }
    }

    private static void reply(HttpExchange ex, int status, Object message) throws IOException {
        byte[] out = Json.write(message).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> statuses(List<StageUpdate> updates) {
        List<String> out = new ArrayList<>();
        updates.forEach(u -> out.add(u.index() + ":" + u.status()));
        return out;
    }
}
