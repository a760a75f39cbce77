package io.ocelot.plugin.werker;

import io.ocelot.contract.WerkerProtocolContract;
import io.ocelot.core.build.BuildResult;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.testkit.Fixture;
import io.ocelot.plugin.testkit.InMemoryRepositoryFiles;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.trigger.PlanOutcome;
import org.junit.After;
import org.junit.Before;

import java.time.Duration;
import java.util.List;

import static io.ocelot.plugin.testkit.Fixture.sha;
import static org.junit.Assert.assertEquals;

/**
 * The werker-protocol contract on the plugin's real service, over HTTP through its REST resource on the harness
 * (real AO store): the same cases the werker's tests run on their fake plugin, so that fake cannot drift.
 */
public class WerkerProtocolHttpTest extends WerkerProtocolContract {
    private final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    private PluginHarness h;
    private RepositoryRef repo;
    private int commits;

    @Before
    public void start() {
        h = PluginHarness.start(PluginHarness.options()
                .files(files)
                .changesets((r, since, until) -> new Changeset(List.of("msg"), List.of("a.txt")))
                .planner((pipeline, name, content, event) -> new PlanOutcome.Planned(Fixture.plan("ocelot/busybox", null,
                        "build", "test")))
                .config(new OcelotConfig().with(Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofSeconds(20))));
        repo = h.enableRepository("PROJ", "repo");
    }

    @After
    public void stop() {
        h.close();
    }

    @Override
    protected Server server() {
        return new Server() {
            @Override
            public String werkerUrl() {
                return h.werkerUrl();
            }

            @Override
            public String registrationSecret() {
                return h.registrationSecret();
            }

            @Override
            public long enqueueBuild() {
                commits++;
                files.put(repo, sha(commits), "ocelot.yml", "image: ocelot/busybox\n");
                List<Build> pushed = h.push(repo, "main", sha(commits - 1), sha(commits));
                assertEquals(1, pushed.size());
                return pushed.get(0).id();
            }

            @Override
            public void requestCancel(long buildId, String reason) {
                h.services().buildQueue.cancel(buildId, reason);
            }

            @Override
            public byte[] storedLog(long buildId) {
                return h.logs().readAll(buildId, h.builds().find(buildId).orElseThrow().attempt());
            }

            @Override
            public List<String> storedStages(long buildId) {
                return h.builds().stages(buildId).stream()
                        .map(s -> s.index() + ":" + s.status() + ":" + s.exitCode()).toList();
            }

            @Override
            public BuildResult storedResult(long buildId) {
                return h.builds().find(buildId).orElseThrow().outcome();
            }
        };
    }
}
