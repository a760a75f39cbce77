package io.ocelot.plugin.testkit;

import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.clone.CloneUrlTemplate;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.crypto.FileSecretKeySource;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.status.BuildLinks;
import io.ocelot.plugin.trigger.BuildPlanner;
import io.ocelot.plugin.trigger.PlanOutcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real AO database + real services for store/queue/trigger tests, with hand-built plans: the planner returns
 * whatever {@link #planNext} set (so these tests do not depend on the ocelot.yml parser), and ocelot.yml content
 * comes from {@link #files}.
 */
public final class Fixture implements AutoCloseable {
    public final TestDatabase db = TestDatabase.fresh();
    public final MutableClock clock = new MutableClock();
    public final RecordingStatusPublisher statuses = new RecordingStatusPublisher();
    public final InMemoryRepositoryFiles files = new InMemoryRepositoryFiles();
    public final List<String> changesetCalls = new ArrayList<>();
    public final AtomicReference<PlanOutcome> nextPlan = new AtomicReference<>();
    public final PluginServices s;
    public final Path keyDir;
    public final RepositoryRef repo = new RepositoryRef(7, "PROJ", "repo");
    private final OcelotConfig config;
    private final List<PluginServices> otherNodes = new ArrayList<>();

    public Fixture() {
        this(new OcelotConfig().with(Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofSeconds(20)));
    }

    public Fixture(OcelotConfig config) {
        try {
            keyDir = Files.createTempDirectory("ocelot-key");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.config = config;
        s = node();
    }

    /**
     * Another plugin node over the same database (a Data Center cluster): its own services, signal and reaper, the
     * same clock, keys and status publisher. Closed with the fixture.
     */
    public PluginServices otherNode() {
        PluginServices other = node();
        otherNodes.add(other);
        return other;
    }

    private PluginServices node() {
        BuildPlanner planner = (pipeline, name, content, event) -> nextPlan.get();
        return new PluginServices(db.ao(), files, (r, since, until) -> {
            synchronized (changesetCalls) {
                changesetCalls.add(since + ".." + until);
            }
            return new Changeset(List.of("a commit message"), List.of("src/Main.java"));
        }, planner, statuses, b -> "http://bitbucket.test" + BuildLinks.pagePath(b),
                new CloneUrlTemplate("file:///repos/{PROJECT}/{slug}.git"), new FileSecretKeySource(keyDir), clock,
                config);
    }

    public static BuildPlan plan(String image, String machineTag, String... stages) {
        List<PlannedStage> ps = new ArrayList<>();
        for (String st : stages) {
            ps.add(new PlannedStage(st, List.of("echo " + st), Map.of(), BuildPlan.CONTAINER_WORKSPACE, 600, false,
                    false, null));
        }
        return new BuildPlan(BuildPlan.VERSION, BuildPlan.DEFAULT_PIPELINE, image, machineTag, 3600,
                BuildPlan.CONTAINER_WORKSPACE, ps);
    }

    public void planNext(BuildPlan plan) {
        nextPlan.set(new PlanOutcome.Planned(plan));
    }

    public void enable(RepositorySettings settings) {
        s.repositorySettings.save(settings);
    }

    public void enable() {
        enable(RepositorySettings.enabledWithDefaults(repo));
    }

    /** Stores a queued push build of {@code commit} directly (no trigger). */
    public Build queued(String commit, BuildPlan plan) {
        return s.buildQueue.enqueue(new NewBuild(repo, "main", "refs/heads/main", commit, plan.pipeline(), TriggerKind.PUSH,
                0, "alice", plan, null)).build();
    }

    public Werker werker(String name, String... labels) {
        if (!s.registry.hasRegistrationSecret()) {
            s.registry.setRegistrationSecret("a-registration-secret-of-some-length");
        }
        var r = s.registry.register(new RegisterRequest(Protocol.VERSION, "a-registration-secret-of-some-length",
                name, List.of(labels), 2, "test"));
        return s.registry.authenticate(r.token());
    }

    public static String sha(int n) {
        return String.format("%040x", n);
    }

    @Override
    public void close() {
        otherNodes.forEach(PluginServices::close);
        s.close();
        db.close();
    }
}
