package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.core.Json;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.StageStatus;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.PlannedStage;
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
import java.util.regex.Pattern;

/**
 * Builds and their stages in Active Objects: idempotent creation, the queries the UI and REST need, and stage
 * updates. Queue and lease transitions live in {@link QueueStore}; logs in {@link LogStore}.
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

    /**
     * Creates the build unless one with the same identity exists. Concurrent callers with one identity get one
     * build: the unique IDENTITY_KEY column refuses the second insert, whose transaction rolls back, and that caller
     * then reads the winner's build.
     */
    public Created create(NewBuild nb, long now) {
        checkLengths(nb);
        String key = nb.identityKey();
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Build> existing = findByIdentity(key);
            if (existing.isPresent()) {
                return new Created(existing.get(), false);
            }
            try {
                return new Created(ao.executeInTransaction(() -> insert(nb, key, now)), true);
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
        String labels = QueueStore.labelsColumn(nb.werkerLabels());
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
            return toBuild(e);
        }
        BuildPlan plan = nb.plan().withBuildId(e.getID());
        e.setPlanJson(Json.write(plan));
        e.setMachineTag(plan.machineTag());
        e.setWerkerLabels(QueueStore.labelsColumn(nb.werkerLabels()));
        e.setState(BuildState.QUEUED.name());
        e.save();
        List<PlannedStage> stages = plan.stages();
        for (int i = 0; i < stages.size(); i++) {
            PlannedStage ps = stages.get(i);
            StageEntity s = ao.create(StageEntity.class, Map.of("BUILD_ID", (long) e.getID()));
            s.setStageIndex(i);
            s.setName(ps.name());
            s.setStatus((ps.skipped() ? StageStatus.SKIPPED : StageStatus.PENDING).name());
            s.setMessage(ps.skipped() ? "skipped: " + ps.skipReason() : null);
            s.save();
        }
        QueueStore.enqueue(ao, e.getID(), 1, plan.machineTag(), e.getWerkerLabels(), now);
        return toBuild(e);
    }

    public Optional<Build> find(long id) {
        if (!EntityIds.fits(id)) {
            return Optional.empty();
        }
        BuildEntity[] found = ao.find(BuildEntity.class, "ID = ?", (int) id);
        return found.length == 0 ? Optional.empty() : Optional.of(toBuild(found[0]));
    }

    public Optional<Build> findByIdentity(String identityKey) {
        BuildEntity[] found = ao.find(BuildEntity.class, "IDENTITY_KEY = ?", identityKey);
        return found.length == 0 ? Optional.empty() : Optional.of(toBuild(found[0]));
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
                .map(BuildStore::toStage).toList();
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
            StageEntity[] found = ao.find(StageEntity.class, "BUILD_ID = ? AND STAGE_INDEX = ?", buildId, index);
            StageEntity s = found.length > 0 ? found[0]
                    : ao.create(StageEntity.class, Map.of("BUILD_ID", buildId));
            s.setStageIndex(index);
            if (name != null) {
                s.setName(name);
            }
            s.setStatus(status.name());
            s.setExitCode(exitCode);
            s.setStartedAt(startedAt);
            s.setDurationMs(durationMillis);
            s.setMessage(message);
            s.save();
            return true;
        });
    }

    /**
     * Ends every stage that has not ended: the stage the werker was in gets {@code runningMessage} (FAILED), the
     * ones never started are CANCELLED with {@code notRunMessage}.
     */
    void endOpenStages(long buildId, int runningStage, StageStatus runningStatus, String runningMessage,
                       String notRunMessage) {
        for (StageEntity s : ao.find(StageEntity.class, "BUILD_ID = ?", buildId)) {
            StageStatus st = StageStatus.valueOf(s.getStatus());
            if (st.isFinal()) {
                continue;
            }
            if (st == StageStatus.RUNNING || s.getStageIndex() == runningStage) {
                s.setStatus(runningStatus.name());
                s.setMessage(runningMessage);
            } else {
                s.setStatus(StageStatus.CANCELLED.name());
                s.setMessage(notRunMessage);
            }
            s.save();
        }
    }

    /** Back to the plan's initial stage states, for a new attempt. */
    void resetStages(long buildId, BuildPlan plan) {
        List<PlannedStage> planned = plan.stages();
        for (StageEntity s : ao.find(StageEntity.class, "BUILD_ID = ?", buildId)) {
            int i = s.getStageIndex();
            boolean skipped = i < planned.size() && planned.get(i).skipped();
            s.setStatus((skipped ? StageStatus.SKIPPED : StageStatus.PENDING).name());
            s.setExitCode(null);
            s.setStartedAt(0);
            s.setDurationMs(0);
            s.setMessage(skipped ? "skipped: " + planned.get(i).skipReason() : null);
            s.save();
        }
    }

    private List<Build> list(Query q) {
        return Arrays.stream(ao.find(BuildEntity.class, q)).map(BuildStore::toBuild).toList();
    }

    static Build toBuild(BuildEntity e) {
        return new Build(e.getID(), new RepositoryRef(e.getRepoId(), nz(e.getProjectKey()), nz(e.getRepoSlug())),
                LongRefs.read(e.getBranch(), e.getBranchFull()), LongRefs.read(e.getRefId(), e.getRefFull()),
                e.getCommitHash(), e.getPipeline(),
                TriggerKind.valueOf(e.getTriggerKind()), e.getPrId(), e.getTriggeredBy(),
                BuildState.valueOf(e.getState()), e.getOutcome() == null ? null : BuildResult.valueOf(e.getOutcome()),
                e.getMessage(), e.getPlanJson(), e.getMachineTag(), e.getAttempt(), e.getLeaseId(), e.getWerkerId(),
                e.getRunningStage(), e.isCancelRequested(), e.getCancelReason(), e.getQueuedAt(), e.getStartedAt(),
                e.getFinishedAt(), e.getLogLength(), e.isLogCapped(), e.getCommitMessage(), e.getBuildGroup(),
                e.isFromFork());
    }

    private static Stage toStage(StageEntity s) {
        return new Stage(s.getBuildId(), s.getStageIndex(), s.getName(), StageStatus.valueOf(s.getStatus()),
                s.getExitCode(), s.getStartedAt(), s.getDurationMs(), s.getMessage());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
