package io.ocelot.plugin.werker;

import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.core.protocol.Messages.Job;
import io.ocelot.core.protocol.Messages.PollRequest;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Messages.RegisterResponse;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.store.RepoConfigEntity;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.WerkerHttp;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A failure after a build is claimed — here a secret variable that no longer decrypts — ends that build ERRORED at
 * once with the reason; the werker's poll is answered normally (the next build, or 204), never 500, and no attempt
 * is spent on it. On the plugin harness, over HTTP.
 */
public class ClaimFailureTest {
    private PluginHarness h;
    private String token;

    @Before
    public void start() throws Exception {
        h = PluginHarness.start(PluginHarness.options()
                .config(new OcelotConfig().with(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(20))));
        token = Json.read(post("/register", new RegisterRequest(Protocol.VERSION, h.registrationSecret(), "w1",
                List.of(), 1, "test"), null).body(), RegisterResponse.class).token();
    }

    @After
    public void stop() {
        h.close();
    }

    private HttpResponse<String> post(String path, Object body, String token) throws Exception {
        return WerkerHttp.post(h, path, token, Json.write(body));
    }

    private Build queue(RepositoryRef repo, int n) {
        BuildPlan plan = Fixture.plan("ocelot/busybox", null, "build");
        return h.services().buildQueue.enqueue(new NewBuild(repo, "main", "refs/heads/main", Fixture.sha(n),
                plan.pipeline(), TriggerKind.PUSH, 0, "alice", plan, null)).build();
    }

    @Test
    public void anUndecryptableSecretErrorsTheBuildWithTheReasonAndThePollAnswersWithTheNextBuild() throws Exception {
        RepositoryRef broken = h.enableRepository("PROJ", "broken");
        h.services().repositorySettings.save(RepositorySettings.enabledWithDefaults(broken),
                Map.of("DEPLOY_TOKEN", "s3cr3t-value"), Set.of(), Map.of());
        // the stored ciphertext no longer opens (a restored database with another key file, or tampering)
        for (RepoConfigEntity e : h.services().ao.find(RepoConfigEntity.class)) {
            e.setSecrets("{\"DEPLOY_TOKEN\":\"v1:" + java.util.Base64.getEncoder().encodeToString(new byte[40]) + "\"}");
            e.save();
        }
        RepositoryRef fine = h.enableRepository("PROJ", "fine");
        Build bad = queue(broken, 1);
        Build good = queue(fine, 2);

        HttpResponse<String> r = post("/poll", new PollRequest(Protocol.VERSION, 1, List.of()), token);
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals("the poll goes on to the next build", good.id(), Json.read(r.body(), Job.class).buildId());

        Build errored = h.builds().find(bad.id()).orElseThrow();
        assertEquals(BuildState.FINISHED, errored.state());
        assertEquals(BuildResult.ERRORED, errored.outcome());
        assertEquals(1, errored.attempt());
        assertTrue(errored.message(), errored.message().startsWith("the repository's secret variables cannot be "
                + "read (secret variable 'DEPLOY_TOKEN': cannot decrypt a stored secret (wrong key file, or tampered)"));
        assertTrue(errored.message(), !errored.message().contains("s3cr3t"));

        HttpResponse<String> again = post("/poll", new PollRequest(Protocol.VERSION, 1, List.of(good.id())), token);
        assertEquals(again.body(), 204, again.statusCode());
    }
}
