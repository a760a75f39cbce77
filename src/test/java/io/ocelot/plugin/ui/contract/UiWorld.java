package io.ocelot.plugin.ui.contract;

import io.ocelot.plugin.ui.BuildCommands;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.OcelotAdministration;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.WerkerDirectory;

import java.util.List;
import java.util.function.Supplier;

/**
 * One implementation of the user-facing ports, with the few things a contract test must arrange that the ports
 * themselves cannot do (a repository existing in Bitbucket, a commit pushed without a push event, a werker
 * registering). The contract tests run every case on each world from {@link #all()}: the in-memory fake the page
 * tests use and the real store adapters on AO, so the fake cannot drift from what users get.
 */
interface UiWorld extends AutoCloseable {
    BuildReadModel readModel();

    BuildCommands commands();

    RepositorySettingsService settings();

    WerkerDirectory werkers();

    OcelotAdministration administration();

    /** A repository Bitbucket knows (with no commits yet); Ocelot is not configured for it. */
    RepositoryName repository(String projectKey, String slug);

    /**
     * Commits on {@code branch} (created when new) with this message and a one-stage ocelot.yml that builds every
     * branch, and moves the branch there without a push event (so no build is made); returns the commit's hash.
     */
    String commit(RepositoryName repository, String branch, String message);

    /** A werker that has just registered with these labels; returns its id. */
    long werker(String name, String... labels);

    @Override
    void close();

    /** The worlds every contract runs on, as JUnit parameters: a name and a way to open a fresh one. */
    static List<Object[]> all() {
        return List.of(
                new Object[]{"in-memory fake", (Supplier<UiWorld>) InMemoryUiWorld::new},
                new Object[]{"store adapters on AO", (Supplier<UiWorld>) StoreUiWorld::new});
    }
}
