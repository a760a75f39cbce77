package io.ocelot.plugin.uistore;

import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.TriggerResponse;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.queue.BuildQueue;
import io.ocelot.plugin.build.BuildViews;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositoryRefs;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.trigger.BuildTriggerService;
import io.ocelot.plugin.trigger.Rebuilds;
import io.ocelot.plugin.trigger.TriggerOutcome;
import io.ocelot.plugin.trigger.TriggerRequest;
import io.ocelot.plugin.ui.BuildCommands;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.UserFacingException;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.List;

/**
 * {@link BuildCommands} on the core paths: kill is {@link BuildQueue#cancel} (a queued build ends at once, a running
 * one on its werker's next heartbeat), trigger and rebuild go through the {@link BuildTriggerService} as MANUAL
 * builds (never deduplicated), so a manual build is planned, stored and reported exactly like a pushed one.
 */
@Named
public class StoreBuildCommands implements BuildCommands {
    private final BuildStore builds;
    private final BuildQueue queue;
    private final BuildTriggerService triggers;
    private final RepositoryRefs refs;
    private final RepositoryNames names;
    private final BuildReadModel reads;

    @Inject
    public StoreBuildCommands(BuildStore builds, BuildQueue queue, BuildTriggerService triggers,
                              RepositoryRefs refs, RepositoryNames names, BuildReadModel reads) {
        this.builds = builds;
        this.queue = queue;
        this.triggers = triggers;
        this.refs = refs;
        this.names = names;
        this.reads = reads;
    }

    @Override
    public BuildSummary kill(long buildId, String byUser) {
        Build b = find(buildId);
        if (b.isFinished() || !queue.cancel(buildId, "cancelled by " + byUser)) {
            Build now = find(buildId);
            throw UserFacingException.conflict("Build " + buildId + " has already finished ("
                    + BuildViews.state(now) + ").");
        }
        return summary(buildId);
    }

    @Override
    public TriggerResponse trigger(RepositoryName repository, String commit, String branch, String pipeline,
                                   boolean force, TriggerKind kind, String byUser) {
        if (!kind.isOnDemand()) {
            throw new IllegalArgumentException("a person's trigger is MANUAL or CLI, not " + kind);
        }
        RepositoryRef repo = names.resolve(repository)
                .orElseThrow(() -> UserFacingException.notFound("Repository " + repository + " does not exist."));
        String hash;
        String onBranch;
        if (commit != null) {
            hash = refs.resolveCommit(repo, commit).orElseThrow(() ->
                    UserFacingException.notFound("No commit " + commit + " in " + repository
                            + " (or the prefix is not unique: give more digits)."));
            List<String> heads = refs.branchesAt(repo, hash);
            onBranch = heads.isEmpty() ? null : heads.get(0);
        } else {
            onBranch = branch != null ? branch : refs.defaultBranch(repo).orElseThrow(() ->
                    UserFacingException.notFound(repository + " has no default branch (is it empty?)."));
            hash = refs.branchHead(repo, onBranch).orElseThrow(() ->
                    UserFacingException.notFound("No branch " + onBranch + " in " + repository + "."));
        }
        return run(new TriggerRequest(repo, kind, onBranch == null ? null : "refs/heads/" + onBranch,
                onBranch == null ? "" : onBranch, false, null, hash, 0, byUser, force).onlyPipeline(pipeline));
    }

    /** What the rebuild repeats: {@link Rebuilds}. */
    @Override
    public TriggerResponse rebuild(long buildId, String byUser) {
        return run(Rebuilds.of(find(buildId), byUser));
    }

    private TriggerResponse run(TriggerRequest request) {
        TriggerOutcome outcome = triggers.handle(request);
        String branch = request.branch().isEmpty() ? null : request.branch();
        List<TriggerResponse.PipelineBuild> each = outcome.pipelines().stream()
                .map(p -> new TriggerResponse.PipelineBuild(p.pipeline(), p.build() == null ? null : p.build().id(),
                        p.build() == null ? p.reason() : null))
                .toList();
        return switch (outcome.kind()) {
            case CREATED, EXISTING -> new TriggerResponse(outcome.build().id(), request.commit(), branch, null, each);
            case SKIPPED -> new TriggerResponse(null, request.commit(), branch, outcome.reason(), each);
            case NO_PIPELINE -> throw UserFacingException.notFound(request.repository() + " has " + outcome.reason() + ".");
        };
    }

    private Build find(long buildId) {
        return builds.find(buildId).orElseThrow(() -> UserFacingException.notFound("Build " + buildId + " does not exist."));
    }

    private BuildSummary summary(long buildId) {
        return reads.build(buildId).orElseThrow().build();
    }
}
