package io.ocelot.plugin.ui.contract;

import io.ocelot.core.api.WerkerView;
import io.ocelot.plugin.testkit.InMemoryOcelot;
import io.ocelot.plugin.ui.BuildCommands;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.OcelotAdministration;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.WerkerDirectory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The ports as the page tests get them: {@link InMemoryOcelot}. */
final class InMemoryUiWorld implements UiWorld {
    private final InMemoryOcelot ocelot = new InMemoryOcelot();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong werkerIds = new AtomicLong(100);

    @Override
    public BuildReadModel readModel() {
        return ocelot;
    }

    @Override
    public BuildCommands commands() {
        return ocelot;
    }

    @Override
    public RepositorySettingsService settings() {
        return ocelot;
    }

    @Override
    public WerkerDirectory werkers() {
        return ocelot;
    }

    @Override
    public OcelotAdministration administration() {
        return ocelot;
    }

    @Override
    public RepositoryName repository(String projectKey, String slug) {
        RepositoryName ref = new RepositoryName(projectKey, slug);
        ocelot.repository(ref, false);
        return ref;
    }

    @Override
    public String commit(RepositoryName repository, String branch, String message) {
        String hash = String.format("%040x", 0xc0ffee000L + commits.incrementAndGet());
        ocelot.commit(repository, branch, hash, message);
        return hash;
    }

    @Override
    public long werker(String name, String... labels) {
        long id = werkerIds.incrementAndGet();
        ocelot.werker(new WerkerView(id, name, List.of(labels), "ONLINE", 2, 0, ocelot.clock, "test"));
        return id;
    }

    @Override
    public void close() {
        ocelot.reset();
    }
}
