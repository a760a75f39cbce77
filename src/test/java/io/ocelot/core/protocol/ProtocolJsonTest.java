package io.ocelot.core.protocol;

import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
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
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Messages.RegistryAuth;
import io.ocelot.core.protocol.Messages.StageUpdate;
import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * The wire protocol as JSON, message by message: each hand-written example is what the plugin and the werker put on
 * the wire, so renaming a record component (which silently renames the JSON field and breaks the other side) fails
 * here. Each example is also read back into the record it came from.
 */
public class ProtocolJsonTest {
    private static final LeaseRef LEASE = new LeaseRef(2, "9f1c2a");
    private static final String LEASE_JSON = "{\"attempt\":2,\"leaseId\":\"9f1c2a\"}";

    /** Writes {@code message}, compares with {@code json}, reads {@code json} back and compares with the message. */
    private static <T> T assertWire(T message, String json) {
        assertEquals(json, Json.write(message));
        @SuppressWarnings("unchecked")
        T back = (T) Json.read(json, message.getClass());
        if (!(message instanceof LogAppend)) { // byte[] has identity equals; LogAppend is checked field by field
            assertEquals(message, back);
        }
        return back;
    }

    @Test
    public void registerRequestCarriesTheSecretNameLabelsAndCapacity() {
        assertWire(new RegisterRequest(Protocol.VERSION, "s3cret", "build-01", List.of("docker", "arm64"), 2, "0.1.0"),
                "{\"protocol\":1,\"registrationSecret\":\"s3cret\",\"name\":\"build-01\","
                        + "\"labels\":[\"docker\",\"arm64\"],\"maxBuilds\":2,\"version\":\"0.1.0\"}");
    }

    @Test
    public void registerResponse() {
        assertWire(new RegisterResponse(7, "tok-abc"), "{\"werkerId\":7,\"token\":\"tok-abc\"}");
    }

    @Test
    public void pollRequestListsTheBuildsTheWerkerHolds() {
        assertWire(new PollRequest(Protocol.VERSION, 1, List.of(41L, 42L)),
                "{\"protocol\":1,\"freeSlots\":1,\"running\":[41,42]}");
        assertWire(new PollRequest(Protocol.VERSION, 2, List.of()), "{\"protocol\":1,\"freeSlots\":2,\"running\":[]}");
    }

    @Test
    public void jobCarriesLeasePlanSourceAndSecrets() {
        BuildPlan plan = new BuildPlan(BuildPlan.VERSION, "default", "ocelot/busybox:latest", null, 600, "/workspace",
                List.of(new PlannedStage("test", List.of("make test"), Map.of("CI", "true"), "/workspace", 300, false,
                        false, null)));
        Job job = new Job(42, LEASE, 20, "PROJ/repo", "main", "0123abcd",
                new CloneSpec("https://bb.example.com/scm/proj/repo.git", "x-token-auth", "pw", null), plan,
                Map.of("API_KEY", "k"), new RegistryAuth("registry.example.com", "ci", "rpw"), 1500L);
        String json = "{\"buildId\":42,\"lease\":" + LEASE_JSON + ",\"leaseSeconds\":20,\"repository\":\"PROJ/repo\","
                + "\"branch\":\"main\",\"commit\":\"0123abcd\",\"source\":{\"url\":\"https://bb.example.com/scm/proj/repo.git\","
                + "\"username\":\"x-token-auth\",\"password\":\"pw\"},"
                + "\"plan\":{\"version\":1,\"pipeline\":\"default\",\"image\":\"ocelot/busybox:latest\",\"timeoutSeconds\":600,"
                + "\"workdir\":\"/workspace\",\"stages\":[{\"name\":\"test\",\"script\":[\"make test\"],\"env\":{\"CI\":\"true\"},"
                + "\"workdir\":\"/workspace\",\"timeoutSeconds\":300,\"always\":false,\"skipped\":false}]},"
                + "\"secrets\":{\"API_KEY\":\"k\"},\"registryAuth\":{\"registry\":\"registry.example.com\",\"username\":\"ci\","
                + "\"password\":\"rpw\"},\"queuedMillis\":1500}";
        assertWire(job, json);
        assertFalse("secrets never in toString", job.toString().contains("pw") || job.toString().contains("\"k\""));
    }

    @Test
    public void jobFromAPluginThatDoesNotSendQueueTimeReadsAsNull() {
        Job job = Json.read("{\"buildId\":5,\"lease\":" + LEASE_JSON + ",\"leaseSeconds\":20,\"somethingNew\":1}", Job.class);
        assertEquals(5, job.buildId());
        assertEquals(LEASE, job.lease());
        assertNull(job.queuedMillis());
        assertEquals(job, new Job(5, LEASE, 20, null, null, null, null, null, null, null));
    }

    @Test
    public void heartbeatAndReply() {
        assertWire(new Heartbeat(LEASE, 1), "{\"lease\":" + LEASE_JSON + ",\"runningStage\":1}");
        assertWire(new Heartbeat(LEASE, null), "{\"lease\":" + LEASE_JSON + "}");
        assertWire(new HeartbeatReply(true, "cancelled by alice", 20),
                "{\"cancel\":true,\"cancelReason\":\"cancelled by alice\",\"leaseSeconds\":20}");
        assertWire(new HeartbeatReply(false, null, 20), "{\"cancel\":false,\"leaseSeconds\":20}");
    }

    @Test
    public void logAppendCarriesBytesAsBase64AtAnOffset() {
        byte[] data = "héllo\n".getBytes(StandardCharsets.UTF_8);
        LogAppend back = assertWire(new LogAppend(LEASE, 1024, 0, LogStream.STDERR, data),
                "{\"lease\":" + LEASE_JSON + ",\"offset\":1024,\"stage\":0,\"stream\":\"STDERR\",\"data\":\"aMOpbGxvCg==\"}");
        assertEquals(LEASE, back.lease());
        assertEquals(1024, back.offset());
        assertEquals(LogStream.STDERR, back.stream());
        assertArrayEquals(data, back.data());
        assertWire(new LogAck(1030), "{\"offset\":1030}");
    }

    @Test
    public void stageUpdate() {
        assertWire(new StageUpdate(LEASE, 1, "test", StageStatus.FAILED, 2, 1700000000000L, 1234, "exit code 2"),
                "{\"lease\":" + LEASE_JSON + ",\"index\":1,\"name\":\"test\",\"status\":\"FAILED\",\"exitCode\":2,"
                        + "\"startedAtEpochMillis\":1700000000000,\"durationMillis\":1234,\"message\":\"exit code 2\"}");
        assertWire(new StageUpdate(LEASE, 0, "build", StageStatus.RUNNING, null, 1700000000000L, 0, null),
                "{\"lease\":" + LEASE_JSON + ",\"index\":0,\"name\":\"build\",\"status\":\"RUNNING\","
                        + "\"startedAtEpochMillis\":1700000000000,\"durationMillis\":0}");
    }

    @Test
    public void finishAndItsReply() {
        assertWire(new FinishRequest(LEASE, BuildResult.PASSED, null, 4096),
                "{\"lease\":" + LEASE_JSON + ",\"result\":\"PASSED\",\"logLength\":4096}");
        assertWire(new FinishReply(true, 4096), "{\"accepted\":true,\"logOffset\":4096}");
        FinishReply missing = assertWire(new FinishReply(false, 1000), "{\"accepted\":false,\"logOffset\":1000}");
        assertFalse(missing.accepted());
    }

    @Test
    public void errorReply() {
        assertWire(new ErrorReply("lease 9f1c2a is no longer current"), "{\"error\":\"lease 9f1c2a is no longer current\"}");
    }

    @Test
    public void malformedMessageIsAClearError() {
        try {
            Json.read("{\"offset\":\"many\"}", LogAck.class);
            throw new AssertionError("expected a malformed-JSON error");
        } catch (Json.MalformedJsonException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("malformed LogAck"));
        }
    }
}
