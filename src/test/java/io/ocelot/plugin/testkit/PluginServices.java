package io.ocelot.plugin.testkit;

import com.atlassian.activeobjects.external.ActiveObjects;
import io.ocelot.plugin.artifact.ArtifactFiles;
import io.ocelot.plugin.bitbucket.OcelotEventListener;
import io.ocelot.plugin.clone.CloneUrls;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.crypto.SecretKeySource;
import io.ocelot.plugin.notify.BuildNotifications;
import io.ocelot.plugin.queue.BuildQueue;
import io.ocelot.plugin.queue.LeaseReaper;
import io.ocelot.plugin.queue.QueueSignal;
import io.ocelot.plugin.notify.NotifyAllowlist;
import io.ocelot.plugin.notify.RetryPolicy;
import io.ocelot.plugin.notify.WebhookSecrets;
import io.ocelot.plugin.repo.Changesets;
import io.ocelot.plugin.repo.RepositoryDirectory;
import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositoryRefs;
import io.ocelot.plugin.rest.WerkerResource;
import io.ocelot.plugin.rest.MetricsResource;
import io.ocelot.plugin.rest.user.MetricsTokenResource;
import io.ocelot.plugin.metrics.MetricsToken;
import io.ocelot.plugin.metrics.OcelotMetrics;
import io.ocelot.plugin.store.MetricsQueries;
import io.ocelot.plugin.rest.user.AdminResource;
import io.ocelot.plugin.rest.user.BuildResource;
import io.ocelot.plugin.rest.user.NotifyResource;
import io.ocelot.plugin.rest.user.OcelotResource;
import io.ocelot.plugin.rest.user.RepositoryBuildAccessResource;
import io.ocelot.plugin.rest.user.RepositoryResource;
import io.ocelot.plugin.rest.user.WebhookSecretResource;
import io.ocelot.plugin.insights.BuildInsights;
import io.ocelot.plugin.insights.InsightsPublisher;
import io.ocelot.plugin.status.BuildLinks;
import io.ocelot.plugin.status.BuildStatuses;
import io.ocelot.plugin.status.StatusPublisher;
import io.ocelot.plugin.rest.user.BuildArtifactResource;
import io.ocelot.plugin.store.ArtifactSettings;
import io.ocelot.plugin.store.ArtifactStore;
import io.ocelot.plugin.store.AoRepositorySettingsStore;
import io.ocelot.plugin.store.AutoEnableStore;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.CloneCredentialStore;
import io.ocelot.plugin.store.ClusterClaimStore;
import io.ocelot.plugin.store.LogStore;
import io.ocelot.plugin.store.NotificationStore;
import io.ocelot.plugin.store.PendingTriggerStore;
import io.ocelot.plugin.store.QueueStore;
import io.ocelot.plugin.store.RegistryCredentialStore;
import io.ocelot.plugin.store.SettingStore;
import io.ocelot.plugin.store.TestResultStore;
import io.ocelot.plugin.store.WerkerStore;
import io.ocelot.plugin.trigger.BuildPlanner;
import io.ocelot.plugin.trigger.BuildTriggerService;
import io.ocelot.plugin.trigger.TriggerQueue;
import io.ocelot.plugin.trigger.TriggerRetry;
import io.ocelot.plugin.ui.ParserPipelineValidator;
import io.ocelot.plugin.ui.UserPermissions;
import io.ocelot.plugin.uistore.RepositoryNames;
import io.ocelot.plugin.uistore.StoreAdministration;
import io.ocelot.plugin.uistore.StoreBuildCommands;
import io.ocelot.plugin.uistore.StoreBuildReadModel;
import io.ocelot.plugin.uistore.StoreRepositorySettings;
import io.ocelot.plugin.uistore.StoreWerkerDirectory;
import io.ocelot.plugin.uistore.StoreTriggerReadModel;
import io.ocelot.plugin.uistore.StoreBuildAttempts;
import io.ocelot.plugin.uistore.StoreArtifactLimits;
import io.ocelot.plugin.uistore.StoreBuildArtifacts;
import io.ocelot.plugin.werker.ArtifactUploads;
import io.ocelot.plugin.werker.JobFactory;
import io.ocelot.plugin.werker.WerkerRegistry;
import io.ocelot.plugin.werker.WerkerService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The plugin's components wired by hand exactly as Spring wires the @Named classes in Bitbucket, with the ports
 * given: the real AO store, services and REST resource; only the Bitbucket edges are test implementations.
 */
public final class PluginServices implements AutoCloseable {
    public final ActiveObjects ao;
    public final Clock clock;
    public final OcelotConfig config;
    public final BuildStore builds;
    public final QueueStore queue;
    public final LogStore logs;
    public final WerkerStore werkerStore;
    public final SettingStore settings;
    public final AoRepositorySettingsStore repositorySettings;
    public final BuildStatuses statuses;
    public final TestResultStore tests;
    public final InsightsPublisher insightsPublisher;
    public final BuildInsights insights;
    public final QueueSignal signal;
    /** Wakes the user API's waiting log reads when the werker service stores log bytes or a finish. */
    public final io.ocelot.plugin.build.LogSignal logSignal = new io.ocelot.plugin.build.LogSignal();
    /** The build lifecycle: every queue transition and its effects. */
    public final BuildQueue buildQueue;
    public final BuildTriggerService triggers;
    public final PendingTriggerStore pendingTriggers;
    public final TriggerQueue triggerQueue;
    public final OcelotEventListener listener;
    public final CloneCredentialStore cloneCredentials;
    public final WerkerRegistry registry;
    public final WerkerService werkers;
    public final ClusterClaimStore claims;
    public final LeaseReaper reaper;
    public final WerkerResource resource;
    public final MetricsToken metricsToken;
    public final OcelotMetrics metrics;
    public final AutoEnableStore autoEnable;
    public final NotificationStore notificationStore;
    public final RepositoryNames repositoryNames;
    /** The user-facing ports over the store, as Bitbucket wires them. */
    public final StoreBuildReadModel readModel;
    public final StoreTriggerReadModel triggerReadModel;
    public final StoreBuildCommands commands;
    public final StoreBuildAttempts attempts;
    public final StoreRepositorySettings settingsService;
    public final StoreWerkerDirectory werkerDirectory;
    public final StoreAdministration administration;
    public final RegistryCredentialStore registryCredentials;
    public final BuildNotifications notifications;
    public final NotifyAllowlist notifyAllowlist;
    public final WebhookSecrets webhookSecrets;
    /** Stands in for {@code <shared home>/ocelot/artifacts}: a temporary directory, removed by {@link #close}. */
    public final Path artifactRoot;
    public final ArtifactStore artifacts;
    public final ArtifactFiles artifactFiles;
    public final ArtifactSettings artifactSettings;
    public final ArtifactUploads artifactUploads;
    public final StoreBuildArtifacts buildArtifacts;
    public final StoreArtifactLimits artifactLimits;
    /** Trigger retries in tests: 4 attempts, 20 ms apart and doubling, so a failing Bitbucket is given up quickly. */
    public static final TriggerRetry TEST_TRIGGER_RETRY = new TriggerRetry(4, Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMillis(200));
    /** Retries of notifications in tests: quick, so a failing hook is reported in well under a second. */
    public static final RetryPolicy TEST_RETRY = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofSeconds(5));

    /** Without a repository directory (names resolve only through saved settings) and without commits/branches. */
    public PluginServices(ActiveObjects ao, RepositoryFiles files, Changesets changesets, BuildPlanner planner,
                          StatusPublisher publisher, BuildLinks links, CloneUrls cloneUrls, SecretKeySource keys,
                          Clock clock, OcelotConfig config) {
        this(ao, files, changesets, planner, publisher, links, cloneUrls, keys, clock, config,
                (project, slug) -> Optional.empty(), NO_REFS);
    }

    public PluginServices(ActiveObjects ao, RepositoryFiles files, Changesets changesets, BuildPlanner planner,
                          StatusPublisher publisher, BuildLinks links, CloneUrls cloneUrls, SecretKeySource keys,
                          Clock clock, OcelotConfig config, RepositoryDirectory directory, RepositoryRefs refs) {
        this(ao, files, changesets, planner, publisher, links, cloneUrls, keys, clock, config, directory, refs,
                new RecordingInsightsPublisher());
    }

    /** With {@code insightsPublisher} taking the Code Insights reports (the harness: the real adapter). */
    public PluginServices(ActiveObjects ao, RepositoryFiles files, Changesets changesets, BuildPlanner planner,
                          StatusPublisher publisher, BuildLinks links, CloneUrls cloneUrls, SecretKeySource keys,
                          Clock clock, OcelotConfig config, RepositoryDirectory directory, RepositoryRefs refs,
                          InsightsPublisher insightsPublisher) {
        this.ao = ao;
        this.insightsPublisher = insightsPublisher;
        this.clock = clock;
        this.config = config;
        builds = new BuildStore(ao);
        queue = new QueueStore(ao);
        logs = new LogStore(ao);
        werkerStore = new WerkerStore(ao);
        settings = new SettingStore(ao);
        repositorySettings = new AoRepositorySettingsStore(ao, keys, clock);
        autoEnable = new AutoEnableStore(settings);
        notificationStore = new NotificationStore(ao);
        repositoryNames = new RepositoryNames(directory, repositorySettings);
        tests = new TestResultStore(ao);
        insights = new BuildInsights(insightsPublisher, files, links, clock);
        statuses = new BuildStatuses(publisher, links, builds, clock, tests, insights);
        signal = new QueueSignal();
        settingsService = new StoreRepositorySettings(repositorySettings, autoEnable, repositoryNames);
        notifyAllowlist = new NotifyAllowlist(settings);
        webhookSecrets = new WebhookSecrets(settings, keys);
        notifications = new BuildNotifications(Executors.newScheduledThreadPool(2), TEST_RETRY, notificationStore,
                settingsService, builds, werkerStore, links, clock, notifyAllowlist, webhookSecrets);
        buildQueue = new BuildQueue(ao, builds, queue, statuses, signal, notifications, config, clock);
        triggers = new BuildTriggerService(repositorySettings, autoEnable, files, changesets, planner, buildQueue);
        pendingTriggers = new PendingTriggerStore(ao);
        triggerQueue = new TriggerQueue(triggers, pendingTriggers, config, Clock.systemUTC(), TEST_TRIGGER_RETRY);
        triggerQueue.start();
        listener = new OcelotEventListener(triggerQueue);
        cloneCredentials = new CloneCredentialStore(settings, keys, clock);
        registryCredentials = new RegistryCredentialStore(settings, keys, clock);
        registry = new WerkerRegistry(settings, werkerStore, clock, keys);
        triggerReadModel = new StoreTriggerReadModel(pendingTriggers, repositoryNames);
        readModel = new StoreBuildReadModel(builds, logs, werkerStore, notificationStore, repositoryNames, tests);
        attempts = new StoreBuildAttempts(builds);
        commands = new StoreBuildCommands(builds, buildQueue, triggers, refs, repositoryNames, readModel);
        werkerDirectory = new StoreWerkerDirectory(werkerStore, builds, clock);
        administration = new StoreAdministration(registry, cloneCredentials, registryCredentials);
        claims = new ClusterClaimStore(ao);
        try {
            artifactRoot = Files.createTempDirectory("ocelot-artifacts");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        artifacts = new ArtifactStore(ao);
        artifactFiles = new ArtifactFiles(() -> artifactRoot);
        artifactSettings = new ArtifactSettings(settings);
        buildArtifacts = new StoreBuildArtifacts(artifacts, artifactFiles, artifactSettings, builds);
        artifactLimits = new StoreArtifactLimits(artifactSettings);
        reaper = new LeaseReaper(buildQueue, builds, logs, settings, config, claims, artifacts, artifactFiles,
                artifactSettings, pendingTriggers, clock);
        werkers = new WerkerService(builds, buildQueue, logs, werkerStore, tests,
                new JobFactory(cloneUrls, cloneCredentials, repositorySettings, registryCredentials, config), signal,
                logSignal, config, clock);
        artifactUploads = new ArtifactUploads(werkers, artifacts, artifactFiles, artifactSettings, clock);
        resource = new WerkerResource(registry, werkers, artifactUploads);
        metricsToken = new MetricsToken(settings, clock);
        metrics = new OcelotMetrics(new MetricsQueries(ao), pendingTriggers, werkerDirectory);
    }

    /** The user REST resources over the store-backed ports, as Bitbucket constructs them, for this user model. */
    public List<Object> userResources(UserPermissions permissions) {
        return List.of(new BuildResource(permissions, readModel, commands, settingsService, logSignal),
                new BuildArtifactResource(permissions, readModel, buildArtifacts, settingsService),
                new io.ocelot.plugin.rest.user.ArtifactLimitsResource(permissions, settingsService, artifactLimits),
                new RepositoryResource(permissions, readModel, triggerReadModel, commands, settingsService),
                new OcelotResource(permissions, readModel, triggerReadModel, settingsService, werkerDirectory,
                        new ParserPipelineValidator()),
                new AdminResource(permissions, settingsService, administration, werkerDirectory),
                new NotifyResource(permissions, settingsService, notifyAllowlist),
                new WebhookSecretResource(permissions, settingsService, webhookSecrets),
                new RepositoryBuildAccessResource(permissions, settingsService, repositorySettings),
                new MetricsResource(permissions, metrics, metricsToken),
                new MetricsTokenResource(permissions, settingsService, metricsToken));
    }

    /** For services built without git: a manual trigger by commit or branch cannot resolve it. */
    private static final RepositoryRefs NO_REFS = new RepositoryRefs() {
        @Override
        public Optional<String> resolveCommit(RepositoryRef repository, String hashOrPrefix) {
            throw new UnsupportedOperationException("these services have no repository refs; use PluginHarness");
        }

        @Override
        public Optional<String> branchHead(RepositoryRef repository, String branch) {
            throw new UnsupportedOperationException("these services have no repository refs; use PluginHarness");
        }

        @Override
        public Optional<String> defaultBranch(RepositoryRef repository) {
            throw new UnsupportedOperationException("these services have no repository refs; use PluginHarness");
        }

        @Override
        public List<String> branchesAt(RepositoryRef repository, String commit) {
            throw new UnsupportedOperationException("these services have no repository refs; use PluginHarness");
        }
    };

    @Override
    public void close() {
        reaper.nodeStopping(); // what OcelotLifecycle.onStop does in Bitbucket
        triggerQueue.close();
        notifications.close();
        try {
            TestFiles.deleteTree(artifactRoot);
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
