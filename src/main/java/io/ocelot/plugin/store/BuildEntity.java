package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.Indexed;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.StringLength;
import net.java.ao.schema.Table;
import net.java.ao.schema.Unique;

/**
 * One build: what triggered it, its plan, where it is (QUEUED → RUNNING → FINISHED) and how it ended.
 * Column names avoid SQL reserved words (COMMIT, RESULT, KEY, USER, OFFSET) because AO does not quote raw criteria
 * identically on every database.
 */
@Table("BUILD")
public interface BuildEntity extends Entity {
    /** SHA-256 of (repository, commit, pipeline, trigger kind, PR id); manual builds get a random one. */
    @NotNull
    @Unique
    String getIdentityKey();
    void setIdentityKey(String key);

    @NotNull
    @Indexed
    int getRepoId();
    void setRepoId(int repoId);

    String getProjectKey();
    void setProjectKey(String projectKey);

    String getRepoSlug();
    void setRepoSlug(String slug);

    /**
     * The branch display name ("main"), or the tag name for tag builds; {@code sha256:<hex>} of it when longer than
     * the column, see {@link LongRefs}.
     */
    @Indexed
    String getBranch();
    void setBranch(String branch);

    /** The branch in full when {@link #getBranch()} holds its hash; null otherwise. */
    @StringLength(StringLength.UNLIMITED)
    String getBranchFull();
    void setBranchFull(String branch);

    /** The full ref ("refs/heads/main"); for PR builds the source branch ref. Long ones as for the branch. */
    String getRefId();
    void setRefId(String ref);

    /** The ref in full when {@link #getRefId()} holds its hash; null otherwise. */
    @StringLength(StringLength.UNLIMITED)
    String getRefFull();
    void setRefFull(String ref);

    @NotNull
    @Indexed
    String getCommitHash();
    void setCommitHash(String hash);

    String getPipeline();
    void setPipeline(String pipeline);

    String getTriggerKind();
    void setTriggerKind(String kind);

    /** 0 when not a pull-request build. */
    @Indexed
    long getPrId();
    void setPrId(long prId);

    String getTriggeredBy();
    void setTriggeredBy(String user);

    /** QUEUED, RUNNING, FINISHED. */
    @Indexed
    String getState();
    void setState(String state);

    /** PASSED, FAILED, CANCELLED, ERRORED once FINISHED. */
    String getOutcome();
    void setOutcome(String outcome);

    @StringLength(StringLength.UNLIMITED)
    String getMessage();
    void setMessage(String message);

    @StringLength(StringLength.UNLIMITED)
    String getPlanJson();
    void setPlanJson(String planJson);

    String getMachineTag();
    void setMachineTag(String machineTag);

    /**
     * The repository's werker labels when the build was queued, space-separated (null: any werker): a werker must
     * carry all of them. Kept here so a requeued attempt keeps the restriction.
     */
    String getWerkerLabels();
    void setWerkerLabels(String labels);

    int getAttempt();
    void setAttempt(int attempt);

    /**
     * How many of the attempts were handed back by a werker that was shutting down ({@code release}): they do not
     * count against the attempt limit, since the build did nothing wrong (docs/plugin.md, "Hand-back").
     */
    int getHandBacks();
    void setHandBacks(int handBacks);

    String getLeaseId();
    void setLeaseId(String leaseId);

    @Indexed
    long getWerkerId();
    void setWerkerId(long werkerId);

    /** When the current lease was granted (epoch ms): a werker's poll releases only leases granted before it came. */
    long getLeasedAt();
    void setLeasedAt(long epochMillis);

    /** The stage the werker said it is running (heartbeat), -1 when none. */
    int getRunningStage();
    void setRunningStage(int stage);

    boolean isCancelRequested();
    void setCancelRequested(boolean requested);

    String getCancelReason();
    void setCancelReason(String reason);

    long getQueuedAt();
    void setQueuedAt(long epochMillis);

    long getStartedAt();
    void setStartedAt(long epochMillis);

    @Indexed
    long getFinishedAt();
    void setFinishedAt(long epochMillis);

    /** Contiguous log bytes acknowledged for the current attempt (includes bytes dropped past the cap). */
    long getLogLength();
    void setLogLength(long length);

    /** Log bytes actually stored for the current attempt (stops growing at the cap). */
    long getLogStored();
    void setLogStored(long stored);

    boolean isLogCapped();
    void setLogCapped(boolean capped);

    boolean isLogPruned();
    void setLogPruned(boolean pruned);

    /** The built commit's message (its first line is what lists show). */
    @StringLength(StringLength.UNLIMITED)
    String getCommitMessage();
    void setCommitMessage(String message);

    /** The repository's build group when the build was made. */
    @Indexed
    String getBuildGroup();
    void setBuildGroup(String group);

    /**
     * Written (always 0) only to take the row's lock before a check-then-write ({@link BuildRowLock}). A constant,
     * so a write that waited for the lock cannot put back a stale value of a real column.
     */
    int getRowLock();
    void setRowLock(int zero);

    /** A pull request from a fork (source repository other than the target): its jobs get no secrets. */
    boolean isFromFork();
    void setFromFork(boolean fromFork);
}
