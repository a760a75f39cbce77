package io.ocelot.core.protocol;

/**
 * The werker wire protocol: HTTP + JSON between {@code ocelot werker start} and the plugin's werker REST resource.
 *
 * <pre>
 * POST {base}/register                 RegisterRequest   -> RegisterResponse   (registration secret in the body)
 * POST {base}/poll                     PollRequest       -> 200 Job | 204 (held up to {@link #POLL_HOLD_SECONDS} s)
 * POST {base}/builds/{id}/heartbeat    Heartbeat         -> HeartbeatReply (cancel requests ride on it)
 * POST {base}/builds/{id}/log          LogAppend         -> LogAck (the byte offset the server holds)
 * POST {base}/builds/{id}/stage        StageUpdate       -> 204
 * POST {base}/builds/{id}/finish       FinishRequest     -> FinishReply
 * POST {base}/builds/{id}/report       Report            -> ReportReply (log pieces, stage updates, a finish: in order)
 * POST {base}/builds/{id}/release      ReleaseRequest    -> 204 (handed back unfinished: requeued at once)
 * PUT  {base}/builds/{id}/artifacts?attempt=A&amp;lease=L&amp;stage=I&amp;path=P
 *                                      file bytes        -> ArtifactStored | 413 over the build's artifact cap
 * </pre>
 * A report carries what the three calls above carry, several events in one round trip; the plugin says in the job
 * that it takes reports ({@code Job.reports}), and a werker talking to a plugin that does not say so makes the calls
 * one by one.
 * An artifact upload is the one call whose body is not JSON: the file's bytes ({@code application/octet-stream}),
 * streamed both ways and never held whole in memory, so {@link #MAX_BODY_BYTES} does not apply to it; its lease rides
 * in the query ({@link #ARTIFACTS_PATH}). {@code path} is the file's path relative to the workspace; uploading one
 * path again replaces it (idempotent).
 * Every call after register carries {@code X-Ocelot-Werker-Token: <werker token>} ({@link #WERKER_TOKEN_HEADER}). Every build call carries the
 * {@link LeaseRef} (attempt + lease id) and is idempotent: repeating it changes nothing. A call whose lease is no
 * longer current is answered 409 and the werker must stop that build. 401: unknown or revoked token. 400: malformed
 * (or a register whose {@code protocol} is not {@link #VERSION}, or whose name, labels or version are too long).
 * 404: no such build (ids are {@code long}). 429 on register: too many wrong registration secrets from this address;
 * wait {@code Retry-After} seconds.
 */
public final class Protocol {
    /** Bumped on incompatible change; the werker sends it and the plugin refuses a version it cannot serve. */
    public static final int VERSION = 1;
    /** Relative to the Bitbucket base URL. */
    public static final String BASE_PATH = "/rest/ocelot/1.0/werker";
    /**
     * The header that carries the werker token. Not {@code Authorization: Bearer}: Bitbucket reads that header itself
     * as one of its own HTTP access tokens and refuses an unknown one (or, with anonymous access on, ignores it)
     * before the plugin's resource runs. A header of our own reaches the resource untouched.
     */
    public static final String WERKER_TOKEN_HEADER = "X-Ocelot-Werker-Token";
    public static final int POLL_HOLD_SECONDS = 25;
    /** Relative to {@code {base}/builds/{id}}: the artifact upload. */
    public static final String ARTIFACTS_PATH = "/artifacts";
    public static final int DEFAULT_LEASE_SECONDS = 20;
    public static final int HEARTBEAT_SECONDS = 5;
    /** The largest body the plugin accepts on any werker call; a log append sends at most half of it. */
    public static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
    public static final int MAX_LOG_CHUNK_BYTES = 512 * 1024;
    /** The most items one report may carry. */
    public static final int MAX_REPORT_ITEMS = 256;
    /** The per-build log cap a werker applies when the job does not carry the plugin's ({@code Job.logCapBytes}). */
    public static final long DEFAULT_LOG_CAP_BYTES = 50L * 1024 * 1024;

    private Protocol() {
    }
}
