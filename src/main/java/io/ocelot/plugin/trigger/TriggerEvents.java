package io.ocelot.plugin.trigger;

import io.ocelot.core.plan.BuildEvent;
import io.ocelot.core.plan.PullRequestScope;
import io.ocelot.plugin.repo.Changeset;

/**
 * A trigger as the planner sees it. A pull request (or a rebuild of one, which keeps its PR id and target) becomes
 * an event with its {@link PullRequestScope}: the target branch and the target tip ({@code since}) that the build
 * merges into. A pushed tag, or a rebuild of a tag's build (its ref is the tag's), becomes a tag event.
 */
final class TriggerEvents {
    static final String TAG_PREFIX = "refs/tags/";

    private TriggerEvents() {
    }

    static BuildEvent eventOf(TriggerRequest t, Changeset changes) {
        PullRequestScope pr = t.prId() > 0 && t.targetBranch() != null
                ? new PullRequestScope(t.prId(), t.branch(), t.targetBranch(), t.since()) : null;
        String tag = pr != null ? null : tagOf(t);
        return new BuildEvent(t.branch(), t.commit(), changes.messages(), changes.paths(), t.kind(), t.force(),
                BuildEvent.NOT_STORED, pr,
                tag);
    }

    /** The tag's name, or null when the trigger is not of a tag. */
    static String tagOf(TriggerRequest t) {
        if (t.ref() != null && t.ref().startsWith(TAG_PREFIX)) {
            return t.ref().substring(TAG_PREFIX.length());
        }
        return t.tag() ? t.branch() : null;
    }
}
