package io.ocelot.plugin.testkit;

import com.atlassian.activeobjects.external.ActiveObjects;
import io.ocelot.plugin.bitbucket.OcelotEventListener;
import io.ocelot.plugin.clone.CloneCredentialStore;
import io.ocelot.plugin.clone.CloneUrls;
import io.ocelot.plugin.config.OcelotConfig;
import io.ocelot.plugin.repo.Changesets;
import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.rest.WerkerResource;
import io.ocelot.plugin.security.SecretKeySource;
import io.ocelot.plugin.status.BuildLinks;
import io.ocelot.plugin.status.BuildStatuses;
import io.ocelot.plugin.status.StatusPublisher;
import io.ocelot.plugin.store.AoRepositorySettingsStore;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.LogStore;
import io.ocelot.plugin.store.QueueStore;
import io.ocelot.plugin.store.SettingStore;
import io.ocelot.plugin.store.WerkerStore;
import io.ocelot.plugin.trigger.BuildPlanner;
import io.ocelot.plugin.trigger.BuildTriggerService;
import io.ocelot.plugin.trigger.TriggerQueue;
import io.ocelot.plugin.werker.BuildCanceller;
import io.ocelot.plugin.werker.JobFactory;
import io.ocelot.plugin.werker.LeaseReaper;
import io.ocelot.plugin.werker.QueueSignal;
import io.ocelot.plugin.werker.WerkerRegistry;
import io.ocelot.plugin.werker.WerkerService;

import java.time.Clock;

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
    public final QueueSignal signal;
    public final BuildCanceller canceller;
    public final BuildTriggerService triggers;
    public final TriggerQueue triggerQueue;
    public final OcelotEventListener listener;
    public final CloneCredentialStore cloneCredentials;
    public final WerkerRegistry registry;
    public final WerkerService werkers;
    public final LeaseReaper reaper;
    public final WerkerResource resource;

    public PluginServices(ActiveObjects ao, RepositoryFiles files, Changesets changesets, BuildPlanner planner,
                          StatusPublisher publisher, BuildLinks links, CloneUrls cloneUrls, SecretKeySource keys,
                          Clock clock, OcelotConfig config) {
        this.ao = ao;
        this.clock = clock;
        this.config = config;
        builds = new BuildStore(ao);
        queue = new QueueStore(ao, builds);
        logs = new LogStore(ao);
        werkerStore = new WerkerStore(ao);
        settings = new SettingStore(ao);
        repositorySettings = new AoRepositorySettingsStore(ao);
        statuses = new BuildStatuses(publisher, links, builds, clock);
        signal = new QueueSignal();
        canceller = new BuildCanceller(builds, queue, statuses, clock);
        triggers = new BuildTriggerService(repositorySettings, files, changesets, planner, builds, statuses, canceller,
                signal, clock);
        triggerQueue = new TriggerQueue(triggers, config);
        listener = new OcelotEventListener(triggerQueue);
        cloneCredentials = new CloneCredentialStore(settings, keys);
        registry = new WerkerRegistry(settings, werkerStore, clock);
        werkers = new WerkerService(builds, queue, logs, werkerStore, statuses,
                new JobFactory(cloneUrls, cloneCredentials, config), signal, config, clock);
        reaper = new LeaseReaper(queue, builds, logs, settings, statuses, signal, config, clock);
        resource = new WerkerResource(registry, werkers);
    }

    @Override
    public void close() {
        triggerQueue.close();
    }
}
