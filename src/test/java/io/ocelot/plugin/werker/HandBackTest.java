package io.ocelot.plugin.werker;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.ReleaseRequest;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.testkit.Fixture;
import org.junit.After;
import org.junit.Test;

import java.time.Duration;
import java.util.List;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * A werker that shuts down with a build still running hands it back ({@code POST builds/{id}/release}): the build
 * is requeued at once at the front, through the same path as a lease expiry, but the attempt does not count against
 * the limit (the default of 3 here). On the real AO ORM.
 */
public class HandBackTest {
    private final Fixture f = new Fixture();

    @After
    public void close() {
        f.close();
    }

    private Job poll(Werker w) throws InterruptedException {
        f.clock.advance(Duration.ofMillis(1));
        return f.s.werkers.poll(w, new PollRequest(Protocol.VERSION, 1, List.of())).orElse(null);
    }

    @Test
    public void aHandedBackBuildIsRequeuedAtOnceWithoutBurningAnAttempt() throws Exception {
        Build b = f.queued(sha(1), plan("ocelot/busybox", null, "build", "test"));
        Build newer = f.queued(sha(2), plan("ocelot/busybox", null, "build"));
        Werker w = f.werker("w");
        Job job = poll(w);
        assertEquals(b.id(), job.buildId());
        // hand it back more often than the attempt limit allows lost werkers
        for (int i = 1; i <= 4; i++) {
            f.s.werkers.stage(w, b.id(), new StageUpdate(job.lease(), 0, "build", StageStatus.RUNNING, null,
                    f.clock.millis(), 0, null));
            f.s.werkers.release(w, b.id(), new ReleaseRequest(job.lease(), "shut down (drain timeout 10m)"));
            Build now = f.s.builds.find(b.id()).orElseThrow();
            assertEquals("hand-back " + i, BuildState.QUEUED, now.state());
            assertTrue(now.message(), now.message().startsWith("handed back: werker 'w' shut down (drain timeout 10m)"));
            assertEquals(StageStatus.PENDING, f.s.builds.stages(b.id()).get(0).status());
            expect409(job, w, b.id());
            Job next = poll(w);
            assertEquals("requeued at the front, ahead of the newer build", b.id(), next.buildId());
            assertEquals(i + 1, next.lease().attempt());
            job = next;
        }
        assertTrue(f.statuses.forCommit(sha(1)).stream()
                .anyMatch(s -> s.description() != null && s.description().contains("handed back")));

        // attempt 5, yet only the first one counts: a werker lost now still gets the build requeued
        f.clock.advance(f.s.config.lease().plusSeconds(1));
        f.s.reaper.run();
        Build lost = f.s.builds.find(b.id()).orElseThrow();
        assertEquals(lost.message(), BuildState.QUEUED, lost.state());
        assertTrue(lost.message(), lost.message().contains("werker lost"));
        assertEquals(BuildState.QUEUED, f.s.builds.find(newer.id()).orElseThrow().state());
    }

    @Test
    public void aHandedBackBuildWithACancelAskedForEndsCancelled() throws Exception {
        Build b = f.queued(sha(3), plan("ocelot/busybox", null, "build"));
        Werker w = f.werker("w");
        Job job = poll(w);
        f.s.builds.requestCancel(b.id(), "cancelled by alice");
        f.s.werkers.release(w, b.id(), new ReleaseRequest(job.lease(), "shut down"));
        Build now = f.s.builds.find(b.id()).orElseThrow();
        assertEquals(BuildState.FINISHED, now.state());
        assertEquals(BuildResult.CANCELLED, now.outcome());
    }

    private void expect409(Job job, Werker w, long id) throws Exception {
        for (Runnable call : List.<Runnable>of(
                () -> f.s.werkers.heartbeat(w, id, new Heartbeat(job.lease(), 0)),
                () -> f.s.werkers.finish(w, id, new FinishRequest(job.lease(), BuildResult.PASSED, null, 0)),
                () -> f.s.werkers.release(w, id, new ReleaseRequest(job.lease(), "again")))) {
            try {
                call.run();
                fail("a call under the handed-back lease was accepted");
            } catch (WerkerApiException e) {
                assertEquals(409, e.status());
            }
        }
    }
}
