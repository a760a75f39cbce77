package io.ocelot.plugin.testkit;

import io.ocelot.plugin.status.BuildStatus;
import io.ocelot.plugin.status.StatusPublisher;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every published status in order (what Bitbucket would have shown, one after another). With a delegate
 * (the harness: the real BitbucketStatusPublisher over {@link FakeBitbucket}), a status is recorded only once the
 * delegate has set it: one Bitbucket refused is not shown, and the refusal propagates as it would.
 */
public final class RecordingStatusPublisher implements StatusPublisher {
    private final List<BuildStatus> published = new ArrayList<>();
    private final StatusPublisher delegate;

    public RecordingStatusPublisher() {
        this(status -> { });
    }

    public RecordingStatusPublisher(StatusPublisher delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void publish(BuildStatus status) {
        delegate.publish(status); // under the lock: recorded in the order Bitbucket received them
        published.add(status);
        notifyAll();
    }

    public synchronized List<BuildStatus> all() {
        return List.copyOf(published);
    }

    public synchronized List<BuildStatus> forCommit(String commit) {
        return published.stream().filter(s -> s.commit().equals(commit)).toList();
    }

    /** Waits until a status for {@code commit} is in a final state (not INPROGRESS); returns it, or null on timeout. */
    public synchronized BuildStatus awaitFinal(String commit, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            for (int i = published.size() - 1; i >= 0; i--) {
                BuildStatus s = published.get(i);
                if (s.commit().equals(commit) && s.state() != io.ocelot.plugin.status.StatusState.INPROGRESS) {
                    return s;
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
    }
}
