package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.Indexed;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.StringLength;
import net.java.ao.schema.Table;

/**
 * A Bitbucket event that may become a build, written by the event listener before anything else happens to it, so
 * that no restart, overflow or Bitbucket service error can lose it. The row is deleted once the trigger has been
 * handled (a build created or found, or a "no build" decision). Every change of state is a conditional
 * {@code DELETE ... WHERE ID = ?} and an insert of the next version in one transaction (the AO facade has no
 * UPDATE-with-criteria): the database gives the old row to exactly one deleter, on any node, so two nodes never both
 * claim one trigger. The id therefore changes on every transition; {@code RECEIVED_AT} is the event's time.
 */
@Table("PENDING_TRIGGER")
public interface PendingTriggerEntity extends Entity {
    /** PENDING (waiting, or waiting for its next try), CLAIMED (a node is handling it), FAILED (gave up). */
    @NotNull
    @Indexed
    String getTriggerState();
    void setTriggerState(String state);

    /** PENDING: not before this time; CLAIMED: the claim runs out then (its node is presumed dead). */
    @Indexed
    long getNextAt();
    void setNextAt(long epochMillis);

    int getAttempts();
    void setAttempts(int attempts);

    long getReceivedAt();
    void setReceivedAt(long epochMillis);

    /** Why the last attempt failed (FAILED: why it gave up); null before any failure. */
    @StringLength(StringLength.UNLIMITED)
    String getLastError();
    void setLastError(String reason);

    @Indexed
    int getRepoId();
    void setRepoId(int repoId);

    String getProjectKey();
    void setProjectKey(String key);

    String getRepoSlug();
    void setRepoSlug(String slug);

    /** A {@link io.ocelot.core.plan.TriggerKind} name. */
    String getTriggerKind();
    void setTriggerKind(String kind);

    /** Refs and branches of any length (the event's); this table is never searched by them. */
    @StringLength(StringLength.UNLIMITED)
    String getRefName();
    void setRefName(String ref);

    @StringLength(StringLength.UNLIMITED)
    String getBranchName();
    void setBranchName(String branch);

    boolean isTagRef();
    void setTagRef(boolean tag);

    String getSinceCommit();
    void setSinceCommit(String commit);

    @Indexed
    String getCommitHash();
    void setCommitHash(String commit);

    long getPrId();
    void setPrId(long prId);

    String getTriggeredBy();
    void setTriggeredBy(String user);

    boolean isFromFork();
    void setFromFork(boolean fromFork);

    /** A pull request's target branch (where it merges; its branch filter); null for pushes and tags. */
    @StringLength(StringLength.UNLIMITED)
    String getTargetBranch();
    void setTargetBranch(String branch);
}
