package io.ocelot.plugin.werker;

import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.status.BuildStatuses;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.QueueStore;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;

/**
 * Cancels builds: a queued one ends CANCELLED at once; a running one is asked to stop through its werker's next
 * heartbeat and ends when the werker reports (or when its lease expires).
 */
@Named
public class BuildCanceller {
    private final BuildStore builds;
    private final QueueStore queue;
    private final BuildStatuses statuses;
    private final Clock clock;

    @Inject
    public BuildCanceller(BuildStore builds, QueueStore queue, BuildStatuses statuses, Clock clock) {
        this.builds = builds;
        this.queue = queue;
        this.statuses = statuses;
        this.clock = clock;
    }

    /** True when the build was cancelled or asked to stop; false when it had already finished. */
    public boolean cancel(long buildId, String reason) {
        var cancelled = queue.cancelQueued(buildId, reason, clock.millis());
        if (cancelled.isPresent()) {
            statuses.publish(cancelled.get());
            return true;
        }
        return queue.requestCancel(buildId, reason); // leased meanwhile, or running
    }

    /** Cancels the queued and running builds of the same branch (push) or PR that are older than {@code newer}. */
    public void cancelOlder(Build newer) {
        for (Build b : builds.active(newer.repository().id(), newer.trigger(), newer.branch(), newer.prId())) {
            if (b.id() < newer.id() && b.pipeline().equals(newer.pipeline())) {
                cancel(b.id(), "superseded by build #" + newer.id() + " of " + newer.commit());
            }
        }
    }
}
