package io.ocelot.plugin.ui.contract;

import io.ocelot.core.protocol.Messages.RegisterRequest;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.testkit.HarnessRepository;
import io.ocelot.plugin.testkit.InMemoryUserPermissions;
import io.ocelot.plugin.testkit.PluginHarness;
import io.ocelot.plugin.testkit.PluginServices;
import io.ocelot.plugin.ui.BuildCommands;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.OcelotAdministration;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.WerkerDirectory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ports as Bitbucket wires them: the {@code ui.store} adapters of a {@link PluginHarness} (real AO on the test
 * database, real services, the strict Bitbucket stand-in), repositories as real git repositories the harness reads.
 */
final class StoreUiWorld implements UiWorld {
    /** Builds every branch: the contract's branch filters and skips come from the ports' own arguments. */
    private static final String OCELOT_YML = "image: ocelot/busybox\nstages:\n  - name: build\n    script: [make]\n";
    private static final String ADMIN = "admin";
    private final PluginHarness h = PluginHarness.start(PluginHarness.options()
            .users(new InMemoryUserPermissions().user(ADMIN, "t-admin").admin(ADMIN)));
    private final Map<RepositoryName, HarnessRepository> repositories = new HashMap<>();

    /**
     * The ports are called on a request thread whose user Bitbucket has authenticated (and the REST layer has
     * checked): here a Bitbucket admin, who may see every repository. Without a user Bitbucket hides the private
     * repositories, and a name resolves to nothing.
     */
    StoreUiWorld() {
        h.bitbucket().runAs(ADMIN);
    }

    private PluginServices s() {
        return h.services();
    }

    @Override
    public BuildReadModel readModel() {
        return s().readModel;
    }

    @Override
    public BuildCommands commands() {
        return s().commands;
    }

    @Override
    public RepositorySettingsService settings() {
        return s().settingsService;
    }

    @Override
    public WerkerDirectory werkers() {
        return s().werkerDirectory;
    }

    @Override
    public OcelotAdministration administration() {
        return s().administration;
    }

    @Override
    public RepositoryName repository(String projectKey, String slug) {
        RepositoryName ref = new RepositoryName(projectKey, slug);
        repositories.put(ref, h.gitRepository(h.repository(projectKey, slug)));
        return ref;
    }

    @Override
    public String commit(RepositoryName repository, String branch, String message) {
        HarnessRepository git = repositories.get(repository);
        git.checkout(branch);
        git.commit(message, "ocelot.yml", OCELOT_YML);
        return git.pushTo(branch);
    }

    @Override
    public long werker(String name, String... labels) {
        return s().registry.register(new RegisterRequest(Protocol.VERSION, h.registrationSecret(), name,
                List.of(labels), 2, "test")).werkerId();
    }

    @Override
    public void close() {
        h.bitbucket().runAs(null);
        h.close();
    }
}
