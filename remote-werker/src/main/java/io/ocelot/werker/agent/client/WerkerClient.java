package io.ocelot.werker.agent.client;

import io.ocelot.core.Json;
import io.ocelot.core.protocol.Messages.ErrorReply;
import io.ocelot.core.protocol.Messages.FinishReply;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.HeartbeatReply;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogAck;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Messages.ReleaseRequest;
import io.ocelot.core.protocol.Messages.Report;
import io.ocelot.core.protocol.Messages.ReportReply;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.core.protocol.Messages.ArtifactStored;
import io.ocelot.core.protocol.Messages.LeaseRef;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One call = one HTTP request to the plugin's werker API (see {@link io.ocelot.core.protocol.Protocol}); no retries
 * here — the caller decides from the {@link PluginCallException.Kind}. Automatic retries of HttpClient are off so a
 * retry is always visible to the agent's backoff. The token goes only into the {@link Protocol#WERKER_TOKEN_HEADER}
 * header (Bitbucket takes {@code Authorization: Bearer} for one of its own tokens and refuses an unknown one).
 */
public final class WerkerClient implements Closeable {
    private final String base;
    private final CloseableHttpClient http;
    private final RequestConfig callConfig;
    private final RequestConfig pollConfig;
    private final Set<HttpPost> polls = ConcurrentHashMap.newKeySet();
    private volatile String token;
    private volatile boolean pollsAborted;

    /** {@code pollTimeout}: how long a long poll may be held; {@code callTimeout}: every other call. */
    public WerkerClient(URI apiBase, Duration connectTimeout, Duration callTimeout, Duration pollTimeout, int maxBuilds) {
        this.base = apiBase.toString();
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(connectTimeout))
                        .setSocketTimeout(timeout(callTimeout))
                        // a pooled connection the server closed while idle (restart, outage) is checked before reuse
                        .setValidateAfterInactivity(TimeValue.ofMilliseconds(500))
                        .build())
                // per build: heartbeat + delivery; plus the poll and start-up calls
                .setMaxConnTotal(2 * maxBuilds + 4)
                .setMaxConnPerRoute(2 * maxBuilds + 4)
                .build();
        this.callConfig = RequestConfig.custom()
                .setResponseTimeout(timeout(callTimeout))
                .setConnectionRequestTimeout(timeout(callTimeout))
                .build();
        this.pollConfig = RequestConfig.custom()
                .setResponseTimeout(timeout(pollTimeout))
                .setConnectionRequestTimeout(timeout(callTimeout))
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .setUserAgent("ocelot-werker/" + version())
                .build();
    }

    public void token(String token) {
        this.token = token;
    }

    public RegisterResponse register(RegisterRequest request) {
        return Json.read(post("/register", request, callConfig, false, null), RegisterResponse.class);
    }

    /** Held by the plugin up to {@link io.ocelot.core.protocol.Protocol#POLL_HOLD_SECONDS}; empty on 204 (no work). */
    public Optional<Job> poll(PollRequest request) {
        HttpPost post = new HttpPost(base + "/poll");
        polls.add(post);
        if (pollsAborted) {
            post.cancel(); // shutdown raced with this poll: fail it at once
        }
        try {
            byte[] body = post("/poll", request, pollConfig, true, post);
            return body.length == 0 ? Optional.empty() : Optional.of(Json.read(body, Job.class));
        } finally {
            polls.remove(post);
        }
    }

    /** Aborts polls in flight (shutdown): a job the plugin leased in that instant is requeued when its lease expires. */
    public void abortPolls() {
        pollsAborted = true;
        for (HttpPost post : polls) {
            try {
                post.cancel();
            } catch (IllegalStateException e) {
                // the poll ended in the same instant and its connection went back to the pool: nothing to abort
            }
        }
    }

    public HeartbeatReply heartbeat(long buildId, Heartbeat heartbeat) {
        return Json.read(post(buildPath(buildId, "heartbeat"), heartbeat, callConfig, true, null), HeartbeatReply.class);
    }

    public LogAck appendLog(long buildId, LogAppend append) {
        return Json.read(post(buildPath(buildId, "log"), append, callConfig, true, null), LogAck.class);
    }

    public void stage(long buildId, StageUpdate update) {
        post(buildPath(buildId, "stage"), update, callConfig, true, null);
    }

    public FinishReply finish(long buildId, FinishRequest request) {
        return Json.read(post(buildPath(buildId, "finish"), request, callConfig, true, null), FinishReply.class);
    }

    /** Several events in one call (see {@link Report}); only to a plugin whose job says it takes reports. */
    public ReportReply report(long buildId, Report report) {
        return Json.read(post(buildPath(buildId, "report"), report, callConfig, true, null), ReportReply.class);
    }

    /** Hands a running build back unfinished (see {@link ReleaseRequest}). */
    public void release(long buildId, ReleaseRequest request) {
        post(buildPath(buildId, "release"), request, callConfig, true, null);
    }

    /**
     * Uploads one artifact: {@code content} is streamed as the request body ({@code size} bytes, never held in
     * memory). A 413 (over the build's artifact cap) is {@link PluginCallException.Kind#REFUSED} with status 413.
     */
    public ArtifactStored uploadArtifact(long buildId, LeaseRef lease, int stage, String path, long size,
                                         InputStream content) {
        String call = buildPath(buildId, "artifacts").replaceAll("/$", "");
        URI uri;
        try {
            uri = new URIBuilder(base + call)
                    .addParameter("attempt", Integer.toString(lease.attempt()))
                    .addParameter("lease", lease.leaseId())
                    .addParameter("stage", Integer.toString(stage))
                    .addParameter("path", path)
                    .build();
        } catch (java.net.URISyntaxException e) {
            throw new PluginCallException(PluginCallException.Kind.REFUSED, 0, call + ": " + e.getMessage(), e);
        }
        HttpPut put = new HttpPut(uri);
        put.setEntity(new InputStreamEntity(content, size, ContentType.APPLICATION_OCTET_STREAM));
        return Json.read(send(put, call + " " + path, callConfig, true), ArtifactStored.class);
    }

    private static String buildPath(long buildId, String call) {
        return "/builds/" + buildId + "/" + call;
    }

    private byte[] post(String path, Object message, RequestConfig config, boolean authorised, HttpPost given) {
        HttpPost post = given != null ? given : new HttpPost(base + path);
        post.setEntity(new ByteArrayEntity(Json.write(message).getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        return send(post, path, config, authorised);
    }

    private byte[] send(HttpUriRequestBase post, String path, RequestConfig config, boolean authorised) {
        post.setConfig(config);
        if (authorised) {
            String t = token;
            if (t == null) {
                throw new IllegalStateException("no werker token yet");
            }
            post.setHeader(Protocol.WERKER_TOKEN_HEADER, t); // never Authorization: Bitbucket reads that itself
        }
        try {
            return http.execute(post, response -> {
                int status = response.getCode();
                byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                if (status >= 200 && status < 300) {
                    return body;
                }
                String what = path + ": HTTP " + status + errorText(body);
                if (status == 409) {
                    throw new PluginCallException(PluginCallException.Kind.LEASE_LOST, status, what, null);
                }
                if (status >= 500 || status == 408 || status == 429) {
                    throw new PluginCallException(PluginCallException.Kind.UNREACHABLE, status, what, null);
                }
                throw new PluginCallException(PluginCallException.Kind.REFUSED, status, what, null);
            });
        } catch (IOException e) {
            // connection refused/reset, timeouts, aborted polls: the plugin may be back later
            throw new PluginCallException(PluginCallException.Kind.UNREACHABLE, 0, path + ": " + describe(e), e);
        } catch (IllegalStateException e) {
            if (post.isCancelled()) { // HttpClient reports a request aborted mid-connect this way
                throw new PluginCallException(PluginCallException.Kind.UNREACHABLE, 0, path + ": aborted", e);
            }
            throw e;
        }
    }

    private static String errorText(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        try {
            ErrorReply reply = Json.read(body, ErrorReply.class);
            return reply.error() == null ? "" : " (" + reply.error() + ")";
        } catch (RuntimeException e) {
            String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : " (" + text + ")";
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static Timeout timeout(Duration d) {
        return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
    }

    public static String version() {
        String v = WerkerClient.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
