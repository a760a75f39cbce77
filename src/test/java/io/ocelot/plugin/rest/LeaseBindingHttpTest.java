package io.ocelot.plugin.rest;

import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.protocol.Messages.FinishRequest;
import io.ocelot.core.protocol.Messages.Heartbeat;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.LogAppend;
import io.ocelot.core.protocol.Messages.LogStream;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.StageUpdate;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.MutableClock;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.WerkerHttp;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Issue 14, item 1: a lease is bound to the werker that holds it. Another werker's token — a stage that got hold of
 * one, say — cannot heartbeat, log to, update or finish a build leased to someone else, even with the right lease id
 * and attempt: each call gets 409, and the holder's lease, log and build are untouched.
 */
public class LeaseBindingHttpTest {
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private final MutableClock clock = new MutableClock();
    private PluginHarness h;
    private RepositoryRef repo;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options()
                .handPlanned(files, "build")
                .clock(clock)
                .config(new OcelotConfig().with(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(20))));
        repo = h.enableRepository("PROJ", "repo");
    }

    @After
    public void stop() {
        h.close();
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return WerkerHttp.post(h, path, token, body);
    }

    private String register(String name) throws Exception {
        return WerkerHttp.register(h, name, 1).token();
    }

    @Test
    public void anotherWerkersTokenCannotUseTheHoldersLease() throws Exception {
        String holder = register("holder");
        String intruder = register("intruder");
        files.put(repo, sha(1), "ocelot.yml", "image: ocelot/busybox\n");
        h.push(repo, "main", null, sha(1));
        HttpResponse<String> polled = post("/poll", holder, Json.write(new PollRequest(Protocol.VERSION, 1, List.of())));
        assertEquals(polled.body(), 200, polled.statusCode());
        Job job = Json.read(polled.body(), Job.class);
        String base = "/builds/" + job.buildId();

        List<HttpResponse<String>> tries = List.of(
                post(base + "/heartbeat", intruder, Json.write(new Heartbeat(job.lease(), 0))),
                post(base + "/log", intruder, Json.write(new LogAppend(job.lease(), 0, 0, LogStream.STDOUT,
                        "forged\n".getBytes(StandardCharsets.UTF_8)))),
                post(base + "/stage", intruder, Json.write(new StageUpdate(job.lease(), 0, "build",
                        StageStatus.PASSED, 0, clock.millis(), 1, null))),
                post(base + "/finish", intruder, Json.write(new FinishRequest(job.lease(), BuildResult.PASSED,
                        "forged", 0))));
        for (HttpResponse<String> r : tries) {
            assertEquals(r.request().uri() + ": " + r.body(), 409, r.statusCode());
            assertTrue(r.body(), r.body().contains("no longer yours"));
        }

        Build b = h.builds().find(job.buildId()).orElseThrow();
        assertEquals(BuildState.RUNNING, b.state());
        assertEquals(0, b.logLength());
        assertEquals("the holder's lease is intact", 200,
                post(base + "/heartbeat", holder, Json.write(new Heartbeat(job.lease(), 0))).statusCode());
    }
}
