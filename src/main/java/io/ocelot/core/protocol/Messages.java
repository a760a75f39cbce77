package io.ocelot.core.protocol;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.build.TestReport;
import io.ocelot.core.plan.BuildPlan;

import java.util.List;
import java.util.Map;

/** The messages of the werker wire protocol ({@link Protocol}); each is a JSON object via {@link io.ocelot.core.Json}. */
public final class Messages {
    private Messages() {
    }

    /** Identifies the lease a build call acts under; a stale one gets 409. */
    public record LeaseRef(int attempt, String leaseId) {
    }

    public record RegisterRequest(int protocol, String registrationSecret, String name, List<String> labels,
                                  int maxBuilds, String version) {
    }

    /** The token is shown once; the plugin keeps only its hash. */
    public record RegisterResponse(long werkerId, String token) {
    }

    /** {@code running}: builds the werker holds now (so the plugin can tell a restart from a second werker). */
    public record PollRequest(int protocol, int freeSlots, List<Long> running) {
    }

    /** How the werker clones: an HTTP(S) or file URL with a token, or an SSH URL with a private key. */
    public record CloneSpec(String url, String username, String password, String sshPrivateKey) {
        @Override
        public String toString() { // never print credentials
            return "CloneSpec[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "****")
                    + ", sshPrivateKey=" + (sshPrivateKey == null ? "none" : "****") + "]";
        }
    }

    /** Registry credentials for pulling a private image. */
    public record RegistryAuth(String registry, String username, String password) {
        @Override
        public String toString() {
            return "RegistryAuth[registry=" + registry + ", username=" + username + ", password=****]";
        }
    }

    /**
     * A leased build. {@code secrets} are set into the stage environment and masked in the log; they are
     * delivered only here, never stored by the werker. {@code queuedMillis}: how long the build waited in the
     * queue before this lease, measured on the plugin's clock (so werker clock skew cannot distort it); null when
     * the plugin does not say.
     */
    public record Job(long buildId, LeaseRef lease, int leaseSeconds, String repository, String branch,
                      String commit, CloneSpec source, BuildPlan plan, Map<String, String> secrets,
                      RegistryAuth registryAuth, Long queuedMillis, Long logCapBytes, Boolean reports) {
        /**
         * A job of a plugin that may not take the {@link Report} call ({@code reports}: true when it does; a plugin
         * from before that call sends nothing, and the werker then makes one call per log piece, stage and finish).
         */
        public Job(long buildId, LeaseRef lease, int leaseSeconds, String repository, String branch,
                   String commit, CloneSpec source, BuildPlan plan, Map<String, String> secrets,
                   RegistryAuth registryAuth, Long queuedMillis, Long logCapBytes) {
            this(buildId, lease, leaseSeconds, repository, branch, commit, source, plan, secrets, registryAuth,
                    queuedMillis, logCapBytes, null);
        }

        /** Whether the plugin takes {@link Report}s for this build. */
        public boolean takesReports() {
            return Boolean.TRUE.equals(reports);
        }

        /**
         * A job without the plugin's per-build log cap ({@code logCapBytes}: the werker keeps the log under it too,
         * and null means the werker's default, {@link Protocol#DEFAULT_LOG_CAP_BYTES}).
         */
        public Job(long buildId, LeaseRef lease, int leaseSeconds, String repository, String branch,
                   String commit, CloneSpec source, BuildPlan plan, Map<String, String> secrets,
                   RegistryAuth registryAuth, Long queuedMillis) {
            this(buildId, lease, leaseSeconds, repository, branch, commit, source, plan, secrets, registryAuth,
                    queuedMillis, null);
        }

        /** A job without queue time (the shape before {@code queuedMillis} was added). */
        public Job(long buildId, LeaseRef lease, int leaseSeconds, String repository, String branch,
                   String commit, CloneSpec source, BuildPlan plan, Map<String, String> secrets,
                   RegistryAuth registryAuth) {
            this(buildId, lease, leaseSeconds, repository, branch, commit, source, plan, secrets, registryAuth, null);
        }

        @Override
        public String toString() {
            return "Job[build=" + buildId + ", " + lease + ", repository=" + repository + ", commit=" + commit + "]";
        }
    }

    public record Heartbeat(LeaseRef lease, Integer runningStage) {
    }

    public record HeartbeatReply(boolean cancel, String cancelReason, int leaseSeconds) {
    }

    public enum LogStream { STDOUT, STDERR, SYSTEM }

    /**
     * Bytes of the build log starting at {@code offset} (offsets count bytes over the whole build log), tagged with
     * the stage index and the stream they came from. {@code data} is base64 in JSON (Jackson's byte[] encoding).
     */
    public record LogAppend(LeaseRef lease, long offset, int stage, LogStream stream, byte[] data) {
    }

    /** The number of contiguous log bytes the plugin holds; the werker resends from there if it is behind. */
    public record LogAck(long offset) {
    }

    /**
     * {@code tests}: the stage's JUnit results on its final update, when the stage names reports (optional: a werker
     * that does not send it is still accepted, and the stage then has no test results).
     */
    public record StageUpdate(LeaseRef lease, int index, String name, StageStatus status, Integer exitCode,
                              long startedAtEpochMillis, long durationMillis, String message, TestReport tests) {
        public StageUpdate(LeaseRef lease, int index, String name, StageStatus status, Integer exitCode,
                           long startedAtEpochMillis, long durationMillis, String message) {
            this(lease, index, name, status, exitCode, startedAtEpochMillis, durationMillis, message, null);
        }
    }

    /** {@code logLength}: the total bytes the werker produced, so the plugin can tell it has the whole log. */
    public record FinishRequest(LeaseRef lease, BuildResult result, String message, long logLength) {
    }

    /**
     * The werker gives a running build back without finishing it (it is shutting down and the build did not end
     * within its drain timeout): the plugin requeues it at once, at the front, without counting the attempt against
     * the build's limit. {@code reason} is shown on the build ("handed back: ...").
     */
    public record ReleaseRequest(LeaseRef lease, String reason) {
    }

    /** {@code accepted=false} with {@code logOffset}: send the log from there, then finish again. */
    public record FinishReply(boolean accepted, long logOffset) {
    }

    /**
     * Several events of one build in one call, applied by the plugin in their order, each as its own call would be
     * ({@link LogAppend}, {@link StageUpdate}, {@link FinishRequest}; their {@code lease} fields are not read: the
     * report's lease is the one checked, once). At most {@link Protocol#MAX_REPORT_ITEMS} items, a finish only as the
     * last; the log pieces hold at most {@link Protocol#MAX_LOG_CHUNK_BYTES} bytes in all. The plugin stops at the
     * first item it cannot apply: a log piece past the bytes it holds, or a finish before the whole log.
     */
    public record Report(LeaseRef lease, List<ReportItem> items) {
    }

    /** One event of a {@link Report}: exactly one of the three is set. */
    public record ReportItem(LogPiece log, StageUpdate stage, FinishRequest finish) {
        public static ReportItem log(long offset, int stage, LogStream stream, byte[] data) {
            return new ReportItem(new LogPiece(offset, stage, stream, data), null, null);
        }

        public static ReportItem stage(StageUpdate update) {
            return new ReportItem(null, update, null);
        }

        public static ReportItem finish(FinishRequest finish) {
            return new ReportItem(null, null, finish);
        }
    }

    /** Log bytes of a {@link Report}, as in {@link LogAppend}. */
    public record LogPiece(long offset, int stage, LogStream stream, byte[] data) {
    }

    /**
     * {@code applied}: how many of the report's items, from the first, the plugin applied (a log piece counts once
     * the plugin holds the log up to its end); {@code logOffset}: the log bytes it holds, from where the werker goes
     * on; {@code finished}: it accepted the report's finish.
     */
    public record ReportReply(int applied, long logOffset, boolean finished) {
    }

    /** The body of any 4xx/5xx reply. */
    /** The plugin kept an artifact: its path, its size, and what the build's artifacts now hold in all. */
    public record ArtifactStored(String path, long bytes, long buildTotalBytes) {
    }

    public record ErrorReply(String error) {
    }
}
