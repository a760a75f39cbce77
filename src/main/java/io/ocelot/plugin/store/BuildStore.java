package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.build.Stage;
import io.ocelot.plugin.repo.RepositoryRef;
import net.java.ao.Query;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Builds and their stages in Active Objects: idempotent creation, the queries the UI and REST need, stage updates,
 * and the build-row half of each queue transition ({@code markLeased}, {@code markRequeued}, {@code markFinished}).
 * It never touches the queue's tickets and leases ({@link QueueStore}); the one place that runs a whole transition
 * — ticket or lease and build row in one transaction, then its effects — is {@code queue.BuildQueue}, and the
 * {@code mark*} methods are meant to run inside its transaction. Logs are in {@link LogStore}.
 */
@Named
public class BuildStore {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,40}");
    private final ActiveObjects ao;

    @Inject
    public BuildStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    /** The build and whether this call created it ({@code false}: it already existed). */
    public record Created(Build build, boolean created) {
    }

    /** {@link #create(NewBuild, long, Consumer)} with nothing else in the transaction. */
    public Created create(NewBuild nb, long now) {
        return create(nb, now, queued -> {
        });
    }

    /**
     * Creates the build unless one with the same identity exists. Concurrent callers with one identity get one
     * build: the unique IDENTITY_KEY column refuses the second insert, whose transaction rolls back, and that caller
     * then reads the winner's build. {@code whenQueued} runs in the insert's transaction for a build created QUEUED
     * (not for one recorded as failed): the queue's ticket is written with the build, or neither is.
     */
    public Created create(NewBuild nb, long now, Consumer<Build> whenQueued) {
        checkLengths(nb);
        String key = nb.identityKey();
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Build> existing = findByIdentity(key);
            if (existing.isPresent()) {
                return new Created(existing.get(), false);
            }
            try {
                return new Created(ao.executeInTransaction(() -> {
                    Build b = insert(nb, key, now);
                    if (b.state() == BuildState.QUEUED) {
                        whenQueued.accept(b);
                    }
                    return b;
                }), true);
            } catch (RuntimeException e) {
                // Unique violation (the winner committed) or a serialization failure (it has not yet): look again.
                last = e;
                sleepBriefly(attempt);
            }
        }
        throw last;
    }

    /**
     * Refuses, before anything is written, a build whose values the columns cannot hold and that have no long form:
     * the machine tag and the werker labels are matched in queue queries, so they are kept short where they are
     * written (ocelot.yml, repository settings); this is the last door. Branches and refs of any length are stored
     * (see {@link LongRefs}).
     */
    private static void checkLengths(NewBuild nb) {
        String tag = nb.plan() == null ? null : nb.plan().machineTag();
        if (tag != null && tag.length() > LongRefs.COLUMN_LENGTH) {
            throw new IllegalArgumentException("machineTag is " + tag.length() + " characters long; at most "
                    + LongRefs.COLUMN_LENGTH + " can be stored");
        }
        String labels = BuildRows.labelsColumn(nb.werkerLabels());
        if (nb.plan() != null && labels != null && labels.length() > LongRefs.COLUMN_LENGTH) {
            throw new IllegalArgumentException("the repository's werker labels take " + labels.length()
                    + " characters; at most " + LongRefs.COLUMN_LENGTH + " can be stored");
        }
    }

    private static void sleepBriefly(int attempt) {
        try {
            Thread.sleep(5L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Build insert(NewBuild nb, String key, long now) {
        Map<String, Object> row = new HashMap<>();
        row.put("IDENTITY_KEY", key);
        row.put("REPO_ID", nb.repository().id());
        row.put("COMMIT_HASH", nb.commit());
        BuildEntity e = ao.create(BuildEntity.class, row);
        e.setProjectKey(nb.repository().projectKey());
        e.setRepoSlug(nb.repository().slug());
        e.setBranch(LongRefs.key(nb.branch()));
        e.setBranchFull(LongRefs.full(nb.branch()));
        e.setRefId(LongRefs.key(nb.ref()));
        e.setRefFull(LongRefs.full(nb.ref()));
        e.setPipeline(nb.pipeline());
        e.setTriggerKind(nb.trigger().name());
        e.setPrId(nb.prId());
        e.setTriggeredBy(nb.triggeredBy());
        e.setCommitMessage(nb.commitMessage());
        e.setBuildGroup(nb.buildGroup());
        e.setQueuedAt(now);
        e.setRunningStage(-1);
        e.setLogPruned(false);
        e.setCancelRequested(false);
        e.setLogCapped(false);
        e.setFromFork(nb.fromFork());
        if (nb.plan() == null) {
            e.setState(BuildState.FINISHED.name());
            e.setOutcome(BuildResult.FAILED.name());
            e.setMessage(nb.failure());
            e.setFinishedAt(now);
            e.save();
            return BuildRows.toBuild(e);
        }
        BuildPlan plan = nb.plan().withBuildId(e.getID());
        e.setPlanJson(Json.write(plan));
        e.setMachineTag(plan.machineTag());
        e.setWerkerLabels(BuildRows.labelsColumn(nb.werkerLabels()));
        e.setState(BuildState.QUEUED.name());
        e.save();
        StageRows.create(ao, e.getID(), plan);
        return BuildRows.toBuild(e);
    }

    public Optional<Build> find(long id) {
        if (!EntityIds.fits(id)) {
            return Optional.empty();
        }
        BuildEntity[] found = ao.find(BuildEntity.class, "ID = ?", (int) id);
        return found.length == 0 ? Optional.empty() : Optional.of(BuildRows.toBuild(found[0]));
    }

    public Optional<Build> findByIdentity(String identityKey) {
        BuildEntity[] found = ao.find(BuildEntity.class, "IDENTITY_KEY = ?", identityKey);
        return found.length == 0 ? Optional.empty() : Optional.of(BuildRows.toBuild(found[0]));
    }

    /** Newest first. */
    public List<Build> recent(int repoId, int limit) {
        return list(Query.select().where("REPO_ID = ?", repoId).order("ID DESC").limit(limit));
    }

    /** Newest first; {@code prefix} must be 1–40 hex digits (anything else finds nothing). */
    public List<Build> byCommitPrefix(int repoId, String prefix, int limit) {
        if (prefix == null || !HEX.matcher(prefix).matches()) {
            return List.of();
        }
        return list(Query.select().where("REPO_ID = ? AND COMMIT_HASH LIKE ?", repoId, prefix.toLowerCase() + "%")
                .order("ID DESC").limit(limit));
    }

    /**
     * Builds of these repositories, newest first (queue time, then id), at most {@code limit}. A null filter does not
     * filter: {@code branch} exact, {@code state} the queue state, {@code outcome} how it ended, {@code group} the
     * build group recorded on the build.
     */
    public List<Build> search(Collection<Integer> repoIds, String branch, BuildState state, BuildResult outcome,
                              String group, int limit) {
        if (repoIds.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(repoIds);
        StringBuilder where = new StringBuilder("REPO_ID IN (")
                .append(String.join(",", Collections.nCopies(repoIds.size(), "?"))).append(")");
        if (branch != null) {
            where.append(" AND BRANCH = ?");
            params.add(LongRefs.key(branch));
        }
        if (state != null) {
            where.append(" AND STATE = ?");
            params.add(state.name());
        }
        if (outcome != null) {
            where.append(" AND OUTCOME = ?");
            params.add(outcome.name());
        }
        if (group != null) {
            where.append(" AND BUILD_GROUP = ?");
            params.add(group);
        }
        return list(Query.select().where(where.toString(), params.toArray()).order("QUEUED_AT DESC, ID DESC").limit(limit));
    }

    /** Builds of any repository whose commit starts with {@code prefix} (1–40 hex digits), newest first. */
    public List<Build> byCommitPrefix(String prefix, int limit) {
        if (prefix == null || !HEX.matcher(prefix).matches()) {
            return List.of();
        }
        return list(Query.select().where("COMMIT_HASH LIKE ?", prefix.toLowerCase() + "%")
                .order("QUEUED_AT DESC, ID DESC").limit(limit));
    }

    /** How many builds the werker is running now. */
    public int runningOn(long werkerId) {
        return ao.count(BuildEntity.class, "WERKER_ID = ? AND STATE = ?", werkerId, BuildState.RUNNING.name());
    }

    /** Builds of one branch (push) or one PR that are queued or running, oldest first. */
    public List<Build> active(int repoId, TriggerKind trigger, String branch, long prId) {
        Query q = trigger == TriggerKind.PULL_REQUEST
                ? Query.select().where("REPO_ID = ? AND PR_ID = ? AND TRIGGER_KIND = ? AND STATE <> ?",
                repoId, prId, trigger.name(), BuildState.FINISHED.name())
                : Query.select().where("REPO_ID = ? AND BRANCH = ? AND TRIGGER_KIND = ? AND STATE <> ?",
                repoId, LongRefs.key(branch), trigger.name(), BuildState.FINISHED.name());
        return list(q.order("ID ASC"));
    }

    /** Finished before {@code cutoff} and whose logs are still stored, oldest first. */
    public List<Long> finishedWithLogsBefore(long cutoff, int limit) {
        return Arrays.stream(ao.find(BuildEntity.class, Query.select()
                        .where("STATE = ? AND FINISHED_AT < ? AND (LOG_PRUNED IS NULL OR LOG_PRUNED = ?)", BuildState.FINISHED.name(), cutoff, false)
                        .order("ID ASC").limit(limit)))
                .map(e -> (long) e.getID()).toList();
    }

    public void markLogPruned(long buildId) {
        BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(buildId));
        e.setLogPruned(true);
        e.save();
    }

    public List<Stage> stages(long buildId) {
        return Arrays.stream(ao.find(StageEntity.class,
                        Query.select().where("BUILD_ID = ?", buildId).order("STAGE_INDEX ASC")))
                .map(BuildRows::toStage).toList();
    }

    /**
     * Records what the werker reported about a stage, under its lease: false (nothing written) when the build no
     * longer runs under {@code leaseId} and {@code attempt} — a late report of a requeued attempt must not write the
     * next attempt's stages ({@link BuildRowLock}). A RUNNING report also remembers the running stage, so a lost
     * werker's stage can say so. Repeating a report changes nothing.
     */
    public boolean updateStage(long buildId, int attempt, String leaseId, int index, String name, StageStatus status,
                               Integer exitCode, long startedAt, long durationMillis, String message) {
        return ao.executeInTransaction(() -> {
            BuildEntity b = BuildRowLock.lock(ao, buildId);
            if (!BuildRowLock.holds(b, attempt, leaseId)) {
                return false;
            }
            if (status == StageStatus.RUNNING && b.getRunningStage() != index) {
                b.setRunningStage(index);
                b.save();
            }
            StageRows.report(ao, buildId, index, name, status, exitCode, startedAt, durationMillis, message);
            return true;
        });
    }

    /**
     * Ends every stage that has not ended: the stage the werker was in ({@code runningStage}, or any RUNNING one) gets
     * {@code runningStatus} and {@code runningMessage}, the ones never started are CANCELLED with
     * {@code notRunMessage}. Part of a transition: runs in the caller's transaction.
     */
    public void endOpenStages(long buildId, int runningStage, StageStatus runningStatus, String runningMessage,
                              String notRunMessage) {
        StageRows.endOpen(ao, buildId, runningStage, runningStatus, runningMessage, notRunMessage);
    }

    /** Leased: RUNNING under {@code leaseId} on {@code werkerId}, with an empty log for this attempt. */
    public Build markLeased(long buildId, int attempt, String leaseId, long werkerId, long now) {
        BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(buildId));
        e.setState(BuildState.RUNNING.name());
        e.setAttempt(attempt);
        e.setLeaseId(leaseId);
        e.setWerkerId(werkerId);
        e.setLeasedAt(now);
        e.setRunningStage(-1);
        if (e.getStartedAt() == 0) {
            e.setStartedAt(now);
        }
        e.setLogLength(0);
        e.setLogStored(0);
        e.setLogCapped(false);
        e.save();
        return BuildRows.toBuild(e);
    }

    /** Back to QUEUED with no lease, saying why, its stages back to the plan's initial states for the next attempt. */
    public Build markRequeued(long buildId, String message) {
        BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(buildId));
        e.setState(BuildState.QUEUED.name());
        e.setLeaseId(null);
        e.setWerkerId(0);
        e.setRunningStage(-1);
        e.setMessage(message);
        e.save();
        Build b = BuildRows.toBuild(e);
        StageRows.reset(ao, buildId, b.plan());
        return b;
    }

    /** FINISHED with {@code result}; the stages are the caller's ({@link #endOpenStages}). */
    public Build markFinished(long buildId, BuildResult result, String message, long now) {
        BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(buildId));
        e.setState(BuildState.FINISHED.name());
        e.setOutcome(result.name());
        e.setMessage(message);
        e.setFinishedAt(now);
        e.save();
        return BuildRows.toBuild(e);
    }

    /** Counts one more attempt handed back by its werker. */
    public Build markHandedBack(long buildId) {
        BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(buildId));
        e.setHandBacks(e.getHandBacks() + 1);
        e.save();
        return BuildRows.toBuild(e);
    }

    /** Asks the werker running the build to stop (delivered on its next heartbeat). False if not running. */
    public boolean requestCancel(long buildId, String reason) {
        return ao.executeInTransaction(() -> {
            BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(buildId));
            if (e == null || !BuildState.RUNNING.name().equals(e.getState())) {
                return false;
            }
            if (e.isCancelRequested()) {
                return true; // the first reason stands
            }
            e.setCancelRequested(true);
            e.setCancelReason(reason);
            e.save();
            return true;
        });
    }

    /** Remembers which stage the werker says it is in, so a lost werker's stage can say so. */
    public void noteRunningStage(long buildId, int stage) {
        BuildEntity e = ao.get(BuildEntity.class, EntityIds.key(buildId));
        if (e.getRunningStage() != stage) {
            e.setRunningStage(stage);
            e.save();
        }
    }

    /** The werker's running builds leased to it before {@code grantedBefore} (epoch ms). */
    public List<Build> leasedTo(long werkerId, long grantedBefore) {
        return list(Query.select().where("WERKER_ID = ? AND STATE = ? AND LEASED_AT < ?", werkerId,
                BuildState.RUNNING.name(), grantedBefore)).stream().filter(b -> b.leaseId() != null).toList();
    }

    private List<Build> list(Query q) {
        return Arrays.stream(ao.find(BuildEntity.class, q)).map(BuildRows::toBuild).toList();
    }
}
