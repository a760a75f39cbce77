package io.ocelot.plugin.uistore;

import io.ocelot.core.api.TriggerView;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.store.PendingTriggerStore;
import io.ocelot.plugin.store.PendingTriggerStore.PendingTrigger;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.TriggerReadModel;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@link TriggerReadModel} over the pending-trigger rows. A CLAIMED row (being handled now) reads as PENDING
 * with no next attempt time. */
@Named
public class StoreTriggerReadModel implements TriggerReadModel {
    private final PendingTriggerStore store;
    private final RepositoryNames names;

    @Inject
    public StoreTriggerReadModel(PendingTriggerStore store, RepositoryNames names) {
        this.store = store;
        this.names = names;
    }

    @Override
    public List<TriggerView> ofRepositories(Collection<RepositoryName> repositories, int limit) {
        List<Integer> ids = repositories.stream().map(names::resolve).flatMap(Optional::stream)
                .map(io.ocelot.plugin.repo.RepositoryRef::id).distinct().toList();
        return store.ofRepositories(ids, limit).stream().map(StoreTriggerReadModel::view).toList();
    }

    @Override
    public List<TriggerView> byCommitPrefix(String hashPrefix, int limit) {
        return store.byCommitPrefix(hashPrefix, limit).stream().map(StoreTriggerReadModel::view).toList();
    }

    static TriggerView view(PendingTrigger t) {
        PendingTriggerStore.Event e = t.event();
        boolean failed = t.state() == PendingTriggerStore.State.FAILED;
        boolean pr = TriggerKind.PULL_REQUEST.name().equals(e.kind());
        return new TriggerView(e.projectKey(), e.repoSlug(), e.branch(), e.commit(), e.kind(), e.user(),
                pr ? e.prId() : null, failed ? TriggerView.FAILED : TriggerView.PENDING, t.attempts(), t.lastError(),
                t.receivedAt(), t.state() == PendingTriggerStore.State.PENDING ? t.nextAt() : null);
    }
}
