package io.ocelot.plugin.werker;

import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.protocol.Messages.FinishReply;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.HeartbeatReply;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LeaseRef;
import io.ocelot.core.protocol.Messages.LogAck;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogPiece;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.ReleaseRequest;
import io.ocelot.core.protocol.Messages.Report;
import io.ocelot.core.protocol.Messages.ReportItem;
import io.ocelot.core.protocol.Messages.ReportReply;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.core.protocol.Reports;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.build.BuildResult;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.queue.BuildQueue;
import io.ocelot.plugin.build.LogSignal;
import io.ocelot.plugin.queue.QueueSignal;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.LogStore;
import io.ocelot.plugin.store.TestResultStore;
import io.ocelot.plugin.store.WerkerStore;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The plugin side of the werker protocol ({@link Protocol}), free of HTTP: the REST resource parses and
 * authenticates, then calls here. Every build call must carry the build's current lease (attempt + lease id, held by
 * the calling werker), else it is refused with 409 and the werker stops that build. Every build transition a call
 * causes, and its effects (status, notifications, waking polls), is the {@link BuildQueue}'s; this class checks the
 * protocol and the lease and answers.
 */
@Named
public class WerkerService {
    private final BuildStore builds;
    private final BuildQueue queue;
    private final LogStore logs;
    private final WerkerStore werkers;
    private final TestResultStore tests;
    private final JobFactory jobs;
    private final QueueSignal signal;
    private final LogSignal logSignal;
    private final OcelotConfig config;
    private final Clock clock;

    @Inject
    public WerkerService(BuildStore builds, BuildQueue queue, LogStore logs, WerkerStore werkers, TestResultStore tests,
                         JobFactory jobs, QueueSignal signal, LogSignal logSignal, OcelotConfig config, Clock clock) {
        this.builds = builds;
        this.queue = queue;
        this.logs = logs;
        this.werkers = werkers;
        this.tests = tests;
        this.jobs = jobs;
        this.signal = signal;
        this.logSignal = logSignal;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Leases the oldest build this werker may run, waiting up to the poll hold for one; empty: none came. First, the
     * leases of builds the werker no longer holds ({@code running} does not list them) are released
     * ({@link BuildQueue#releaseUnheld}: only those granted before this poll came; nothing when the poll carries
     * no list at all).
     */
    public Optional<Job> poll(Werker w, PollRequest req) throws InterruptedException {
        checkProtocol(req.protocol());
        long came = clock.millis();
        werkers.touch(w.id(), came);
        if (req.running() != null) { // absent: the werker does not say what it holds; leave its leases to expiry
            queue.releaseUnheld(w.id(), w.name(), req.running(), came);
        }
        long deadline = System.nanoTime() + config.pollHold().toNanos();
        while (true) {
            long seen = signal.generation();
            if (req.freeSlots() > 0) {
                Optional<Job> job = queue.claimNext(w.id(), w.labels(), this::jobFor);
                if (job.isPresent()) {
                    return job;
                }
            }
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return Optional.empty();
            }
            signal.awaitChange(seen, Math.min(leftMillis, config.pollRecheck().toMillis()));
        }
    }

    /** A job the werker can never run ({@link JobNotMade}) ends the build with that reason, not a generic one. */
    private Job jobFor(Build claimed) {
        try {
            return jobs.jobFor(claimed);
        } catch (JobNotMade e) {
            throw new BuildQueue.CannotRun(e.getMessage(), e);
        }
    }

    public HeartbeatReply heartbeat(Werker w, long buildId, Heartbeat hb) {
        Build b = leased(w, buildId, hb.lease());
        if (!queue.renew(buildId, b.leaseId(), hb.runningStage())) {
            throw lost(b);
        }
        werkers.touch(w.id(), clock.millis());
        Build now = builds.find(buildId).orElse(b);
        return new HeartbeatReply(now.cancelRequested(), now.cancelReason(), (int) config.lease().toSeconds());
    }

    public LogAck log(Werker w, long buildId, LogAppend a) {
        checkLog(a.data(), a.offset(), a.data() == null ? 0 : a.data().length, "log");
        return new LogAck(store(leased(w, buildId, a.lease()), a.offset(), a.stage(), a.stream(), a.data()));
    }

    /** Log bytes of the leased build {@code b}; the offset the plugin holds after them. */
    private long store(Build b, long offset, int stage, LogStream stream, byte[] data) {
        // The lease is checked again where the bytes are stored: the reaper may take it between here and there.
        long held = logs.append(b.id(), b.attempt(), b.leaseId(), offset, stage, stream == null ? LogStream.STDOUT : stream,
                data, config.logCapBytes()).orElseThrow(() -> lost(find(b.id())));
        logSignal.changed(b.id()); // readers waiting here for the log's next bytes
        return held;
    }

    private static void checkLog(byte[] data, long offset, long total, String call) {
        if (data == null || offset < 0) {
            throw WerkerApiException.badRequest(call + ": data and a non-negative offset are required");
        }
        if (total > Protocol.MAX_LOG_CHUNK_BYTES) {
            throw new WerkerApiException(413, call + ": at most " + Protocol.MAX_LOG_CHUNK_BYTES
                    + (call.equals("log") ? " bytes per append" : " log bytes per report"));
        }
    }

    public void stage(Werker w, long buildId, StageUpdate u) {
        checkStage(u, "stage");
        Build b = leased(w, buildId, u.lease());
        stage(b, u, plannedStages(b));
    }

    private static void checkStage(StageUpdate u, String call) {
        if (u.status() == null || u.index() < 0) {
            throw WerkerApiException.badRequest(call + ": index and status are required");
        }
    }

    /** A stage update of the leased build {@code b}, whose plan has the stages {@code planned}. */
    private void stage(Build b, StageUpdate u, List<PlannedStage> planned) {
        long buildId = b.id();
        if (u.index() >= planned.size()) {
            throw WerkerApiException.badRequest("stage: build " + buildId + " has " + planned.size()
                    + " stage(s) in its plan (index 0.." + (planned.size() - 1) + "), the werker sent index " + u.index());
        }
        // The plan names the stage; whatever name the werker sends is not stored (nor its length trusted). The lease
        // is checked again where the stage is written: the reaper may take it between here and there.
        // test results first, so the status the stage report publishes carries them
        if (u.status().isFinal() && !tests.record(buildId, b.attempt(), b.leaseId(), u.index(), u.tests())) {
            throw lost(find(buildId));
        }
        if (!queue.reportStage(buildId, b.attempt(), b.leaseId(), u.index(), planned.get(u.index()).name(),
                u.status(), u.exitCode(), u.startedAtEpochMillis(), u.durationMillis(), u.message())) {
            throw lost(find(buildId));
        }
    }

    public FinishReply finish(Werker w, long buildId, FinishRequest f) {
        if (f.result() == null || f.lease() == null) {
            throw WerkerApiException.badRequest("finish: result and lease are required");
        }
        Build current = find(buildId);
        if (finishedUnder(current, w, f.lease())) {
            return new FinishReply(true, current.logLength()); // a repeated finish
        }
        Build b = leased(w, buildId, f.lease());
        if (f.logLength() > b.logLength()) {
            return new FinishReply(false, b.logLength());
        }
        // A cancel asked for here ends with the reason given here ("cancelled by alice"), not the engine's rewording
        // of it ("cancelled: cancelled by alice"), which the status description would prefix once more.
        boolean asked = b.cancelRequested() && b.cancelReason() != null;
        String message = asked && (f.message() == null || f.result() == BuildResult.CANCELLED) ? b.cancelReason()
                : f.message();
        Build done = queue.finish(buildId, b.leaseId(), f.result(), message).orElseThrow(() -> lost(b));
        logSignal.changed(buildId); // the log is complete: waiting readers are answered
        return new FinishReply(true, done.logLength());
    }

    /**
     * A {@link Report}: its items applied in order as their own calls would be, with one lease check and one read of
     * the plan for all of them (the stores check the lease again where they write). Stops at the first log piece
     * that leaves the plugin short of its end (a gap: the werker resends from the offset in the reply) and at a
     * finish the plugin does not take (log bytes missing). A finish must be the last item.
     */
    public ReportReply report(Werker w, long buildId, Report r) {
        if (r.lease() == null || r.items() == null) {
            throw WerkerApiException.badRequest("report: lease and items are required");
        }
        String shape = Reports.shapeProblem(r);
        if (shape != null) {
            throw WerkerApiException.badRequest(shape);
        }
        long logBytes = 0;
        for (ReportItem item : r.items()) {
            if (item.log() != null) {
                logBytes += lengthOf(item.log());
                checkLog(item.log().data(), item.log().offset(), logBytes, "report");
            } else if (item.stage() != null) {
                checkStage(item.stage(), "report");
            } else if (item.finish().result() == null) {
                throw WerkerApiException.badRequest("report: the finish needs a result");
            }
        }
        if (r.items().isEmpty()) {
            return new ReportReply(0, find(buildId).logLength(), false);
        }
        if (Reports.endsWithFinish(r)) {
            Build current = find(buildId);
            if (finishedUnder(current, w, r.lease())) { // a repeated report: its finish was taken
                return new ReportReply(r.items().size(), current.logLength(), true);
            }
        }
        Build b = leased(w, buildId, r.lease());
        List<PlannedStage> planned = plannedStages(b);
        return Reports.apply(r, b.logLength(), new Reports.Target() {
            public long log(LogPiece p) {
                return store(b, p.offset(), p.stage(), p.stream(), p.data());
            }

            public void stage(StageUpdate u) {
                WerkerService.this.stage(b, u, planned);
            }

            public FinishReply finish(FinishRequest f) {
                return WerkerService.this.finish(w, buildId, withLease(f, r.lease()));
            }
        });
    }

    /** The build finished under {@code lease}, held by {@code w}: a finish sent again is answered as taken. */
    private static boolean finishedUnder(Build b, Werker w, LeaseRef lease) {
        return b.isFinished() && b.werkerId() == w.id() && lease.leaseId() != null
                && lease.leaseId().equals(b.leaseId()) && lease.attempt() == b.attempt();
    }

    private static long lengthOf(LogPiece p) {
        return p.data() == null ? 0 : p.data().length;
    }

    private static FinishRequest withLease(FinishRequest f, LeaseRef lease) {
        return new FinishRequest(lease, f.result(), f.message(), f.logLength());
    }

    static List<PlannedStage> plannedStages(Build b) {
        return b.plan() == null ? List.of() : b.plan().stages();
    }

    /**
     * The werker hands a running build back unfinished (it is shutting down): requeued at once through the same path
     * as an expired lease ({@link BuildQueue#handBack}), without the wait for the expiry and without counting the
     * attempt (docs/plugin.md, "Hand-back"). A repeated release of a lease already gone is answered like any stale
     * call (409), which the werker ignores.
     */
    public void release(Werker w, long buildId, ReleaseRequest r) {
        if (r.lease() == null) {
            throw WerkerApiException.badRequest("release: the lease is required");
        }
        Build b = leased(w, buildId, r.lease());
        String why = "werker '" + w.name() + "' "
                + (r.reason() == null || r.reason().isBlank() ? "stopped" : truncate(r.reason().strip(), 200));
        queue.handBack(buildId, b.leaseId(), why).orElseThrow(() -> lost(find(buildId)));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /**
     * The build, when {@code lease} is its current lease held by {@code w}; else 409 ({@link #lost}). The one lease
     * check of every werker call (the artifact upload's too, {@link ArtifactUploads}).
     */
    Build leased(Werker w, long buildId, LeaseRef lease) {
        if (lease == null || lease.leaseId() == null) {
            throw WerkerApiException.badRequest("the call must carry the build's lease");
        }
        Build b = find(buildId);
        if (b.state() != BuildState.RUNNING || b.werkerId() != w.id() || !lease.leaseId().equals(b.leaseId())
                || lease.attempt() != b.attempt()) {
            throw lost(b);
        }
        return b;
    }

    Build find(long buildId) {
        return builds.find(buildId).orElseThrow(() -> WerkerApiException.notFound("no build " + buildId));
    }

    static WerkerApiException lost(Build b) {
        String where = switch (b.state()) {
            case QUEUED -> "it was requeued";
            case RUNNING -> "it is leased under another lease";
            case FINISHED -> "it has finished";
        };
        return WerkerApiException.staleLease("the lease on build " + b.id() + " is no longer yours (" + where
                + "); stop this build");
    }

    private static void checkProtocol(int version) {
        if (version != Protocol.VERSION) {
            throw WerkerApiException.badRequest("this Ocelot plugin speaks werker protocol " + Protocol.VERSION
                    + ", the werker sent " + version + ": upgrade the werker or the plugin");
        }
    }
}
