package io.ocelot.plugin.bitbucket;

import com.atlassian.bitbucket.event.pull.PullRequestEvent;
import com.atlassian.bitbucket.event.pull.PullRequestOpenedEvent;
import com.atlassian.bitbucket.event.pull.PullRequestReopenedEvent;
import com.atlassian.bitbucket.event.pull.PullRequestRescopedEvent;
import com.atlassian.bitbucket.event.repository.RepositoryPushEvent;
import com.atlassian.bitbucket.event.repository.RepositoryRefsChangedEvent;
import com.atlassian.bitbucket.pull.PullRequest;
import com.atlassian.bitbucket.repository.MinimalRef;
import com.atlassian.bitbucket.repository.RefChange;
import com.atlassian.bitbucket.repository.RefChangeType;
import com.atlassian.bitbucket.repository.Repository;
import com.atlassian.bitbucket.repository.StandardRefType;
import com.atlassian.bitbucket.user.ApplicationUser;
import com.atlassian.event.api.EventListener;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.trigger.TriggerQueue;
import io.ocelot.plugin.trigger.TriggerRequest;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Objects;

/**
 * Bitbucket events → {@link TriggerRequest}s on the {@link TriggerQueue}. Runs on Bitbucket's event threads, so it
 * does no I/O beyond the one unavoidable for durability: it copies what it needs out of the event, the queue stores
 * it as a pending trigger (one small insert per ref change), and it returns. Whether the repository is enabled, tags are
 * wanted, etc. is decided later, off this thread. Deleted refs are never built (no commit to build).
 */
@Named
public class OcelotEventListener {
    private final TriggerQueue queue;

    @Inject
    public OcelotEventListener(TriggerQueue queue) {
        this.queue = queue;
    }

    @EventListener
    public void onRefsChanged(RepositoryRefsChangedEvent event) {
        RepositoryRef repo = ref(event.getRepository());
        String user = event instanceof RepositoryPushEvent push ? userName(push.getUser()) : null;
        for (RefChange change : event.getRefChanges()) {
            if (change.getType() == RefChangeType.DELETE) {
                continue;
            }
            MinimalRef ref = change.getRef();
            boolean tag = ref.getType() == StandardRefType.TAG;
            if (!tag && ref.getType() != StandardRefType.BRANCH) {
                continue; // other ref kinds (e.g. notes) are not builds
            }
            String since = change.getType() == RefChangeType.ADD ? null : change.getFromHash();
            queue.submit(new TriggerRequest(repo, TriggerKind.PUSH, ref.getId(), ref.getDisplayId(), tag, since,
                    change.getToHash(), 0, user, false));
        }
    }

    @EventListener
    public void onPullRequestOpened(PullRequestOpenedEvent event) {
        submitPullRequest(event);
    }

    @EventListener
    public void onPullRequestReopened(PullRequestReopenedEvent event) {
        submitPullRequest(event);
    }

    /**
     * A PR builds the merge of its source into its target, so a rescope of either side (new commits on the source,
     * or the target branch moved on) changes what it builds.
     */
    @EventListener
    public void onPullRequestRescoped(PullRequestRescopedEvent event) {
        PullRequest pr = event.getPullRequest();
        if (!Objects.equals(event.getPreviousFromHash(), pr.getFromRef().getLatestCommit())
                || !Objects.equals(event.getPreviousToHash(), pr.getToRef().getLatestCommit())) {
            submitPullRequest(event);
        }
    }

    /** A PR from a fork (source repository other than the target) is marked so that its builds get no secrets. */
    private void submitPullRequest(PullRequestEvent event) {
        PullRequest pr = event.getPullRequest();
        boolean fromFork = pr.getFromRef().getRepository().getId() != pr.getToRef().getRepository().getId();
        queue.submit(TriggerRequest.pullRequest(ref(pr.getFromRef().getRepository()), pr.getId(),
                pr.getFromRef().getId(), pr.getFromRef().getDisplayId(), pr.getToRef().getDisplayId(),
                pr.getToRef().getLatestCommit(), pr.getFromRef().getLatestCommit(), userName(event.getUser()),
                fromFork));
    }

    private static RepositoryRef ref(Repository r) {
        return new RepositoryRef(r.getId(), r.getProject().getKey(), r.getSlug());
    }

    private static String userName(ApplicationUser user) {
        return user == null ? null : user.getName();
    }
}
