package io.ocelot.plugin.werker;

import io.ocelot.plugin.build.Werker;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.ui.BuildReadModel.LogSlice;
import io.ocelot.plugin.ui.UserFacingException;
import org.junit.After;
import org.junit.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.ocelot.plugin.testkit.Fixture.plan;
import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * A build requeued after its werker was lost keeps the log of its first attempt: the read model serves any attempt
 * (what {@code GET /builds/{id}/log?attempt=N} and {@code ocelot logs --attempt N} read), complete and finished,
 * while the current attempt's log goes on.
 */
public class EarlierAttemptLogTest {
    private final Fixture f = new Fixture(new OcelotConfig()
            .with(Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofSeconds(20)));

    @After
    public void close() {
        f.close();
    }

    private Job lease(Werker w) throws InterruptedException {
        return f.s.werkers.poll(w, new PollRequest(Protocol.VERSION, 1, List.of())).orElseThrow();
    }

    private static String text(LogSlice slice) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        slice.chunks().forEach(c -> out.writeBytes(c.data()));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void theFirstAttemptsLogStaysReadableAfterARequeue() throws Exception {
        long id = f.queued(sha(7), plan("ocelot/busybox", null, "a")).id();
        Werker lost = f.werker("lost");
        Job first = lease(lost);
        byte[] one = "attempt one, line 1\nattempt one, line 2\n".getBytes(StandardCharsets.UTF_8);
        f.s.werkers.log(lost, id, new LogAppend(first.lease(), 0, 0, LogStream.STDOUT, one));
        f.clock.advance(Duration.ofSeconds(21));
        f.s.reaper.run(); // no heartbeat: queued again
        Werker next = f.werker("next");
        Job second = lease(next);
        assertEquals(2, second.lease().attempt());
        byte[] two = "attempt two\n".getBytes(StandardCharsets.UTF_8);
        f.s.werkers.log(next, id, new LogAppend(second.lease(), 0, 0, LogStream.STDOUT, two));

        assertEquals(2, f.s.readModel.build(id).orElseThrow().attempt());
        LogSlice earlier = f.s.readModel.log(id, 1, 0, 1 << 20);
        assertEquals(new String(one, StandardCharsets.UTF_8), text(earlier));
        assertEquals(one.length, earlier.length());
        assertTrue("an earlier attempt is over", earlier.finished());
        assertEquals("attempt one, line 2\n", text(f.s.readModel.log(id, 1, 20, 1 << 20)));

        LogSlice current = f.s.readModel.log(id, 0, 0, 1 << 20);
        assertEquals("attempt two\n", text(current));
        assertEquals(text(current), text(f.s.readModel.log(id, 2, 0, 1 << 20)));
        assertTrue("the build still runs", !current.finished());
        try {
            f.s.readModel.log(id, 3, 0, 100);
            fail("attempt 3 never ran");
        } catch (UserFacingException e) {
            assertEquals("build " + id + " has no attempt 3 (attempts: 1 to 2)", e.getMessage());
        }
    }
}
