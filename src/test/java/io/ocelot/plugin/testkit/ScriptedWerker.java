package io.ocelot.plugin.testkit;

import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.HeartbeatReply;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A werker played by a test over the real werker endpoints of a {@link PluginHarness} ({@link WerkerHttp}): take a
 * job, send log lines and stage reports, heartbeat, finish. For tests of what people see of a build (pages, CLI)
 * that need a build with stages and a log without running a container.
 */
public final class ScriptedWerker {
    private final PluginHarness h;
    private final String token;
    private final Map<String, Long> offsets = new HashMap<>();

    public ScriptedWerker(PluginHarness h, String name) throws Exception {
        this.h = h;
        this.token = WerkerHttp.register(h, name, 1).token();
    }

    /** Polls once; the queued build it is given (the harness must have one queued). */
    public Job take() throws Exception {
        HttpResponse<String> r = post("/poll", Json.write(new PollRequest(Protocol.VERSION, 1, List.of())));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no job: " + r.statusCode() + " " + r.body());
        }
        return Json.read(r.body(), Job.class);
    }

    public void log(Job job, int stage, LogStream stream, String text) throws Exception {
        String key = job.buildId() + ":" + job.lease().attempt();
        long offset = offsets.getOrDefault(key, 0L);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ok(post("/builds/" + job.buildId() + "/log", Json.write(new LogAppend(job.lease(), offset, stage, stream, data))));
        offsets.put(key, offset + data.length);
    }

    public void stage(Job job, int index, String name, StageStatus status, Integer exitCode, long durationMillis)
            throws Exception {
        ok(post("/builds/" + job.buildId() + "/stage", Json.write(new StageUpdate(job.lease(), index, name, status,
                exitCode, System.currentTimeMillis(), durationMillis, exitCode == null ? null : "exit code " + exitCode))));
    }

    public HeartbeatReply heartbeat(Job job) throws Exception {
        HttpResponse<String> r = ok(post("/builds/" + job.buildId() + "/heartbeat", Json.write(new Heartbeat(job.lease(), 0))));
        return Json.read(r.body(), HeartbeatReply.class);
    }

    public void finish(Job job, BuildResult result, String message) throws Exception {
        long length = offsets.getOrDefault(job.buildId() + ":" + job.lease().attempt(), 0L);
        ok(post("/builds/" + job.buildId() + "/finish", Json.write(new FinishRequest(job.lease(), result, message, length))));
    }

    /** Uploads {@code data} as artifact {@code path} of stage {@code stage}; fails unless 200. */
    public void artifact(Job job, int stage, String path, byte[] data) throws Exception {
        ok(WerkerHttp.putArtifact(h, job.buildId(), WerkerHttp.artifactQuery(job.lease(), stage, path), token,
                java.net.http.HttpRequest.BodyPublishers.ofByteArray(data)));
    }

    /** This werker's token, for calls a test makes by hand. */
    public String token() {
        return token;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return WerkerHttp.post(h, path, token, body);
    }

    private static HttpResponse<String> ok(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(r.request().uri() + ": " + r.statusCode() + " " + r.body());
        }
        return r;
    }
}
