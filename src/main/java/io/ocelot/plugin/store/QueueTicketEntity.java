package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.Index;
import net.java.ao.schema.Indexes;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.Table;
import net.java.ao.schema.Unique;

/**
 * A queued build waiting for a werker. Claiming it is {@code DELETE ... WHERE ID = ?}: the database lets exactly one
 * deleter see one affected row, on any Bitbucket node — the AO facade has no UPDATE-with-criteria, and a conditional
 * delete gives the same guarantee as {@code UPDATE ... WHERE VERSION = ?}.
 *
 * <p>The index on (SORT_KEY, ID) matches the poll's {@code ORDER BY SORT_KEY, ID ... LIMIT}: the database walks it
 * from the front and stops after one page of tickets the werker may take, instead of sorting the whole queue on
 * every poll (a single-column SORT_KEY index cannot serve that order; measured in docs/performance.md, P4).
 */
@Table("QUEUE_TICKET")
@Indexes(@Index(name = "sort_order", methodNames = {"getSortKey", "getID"}))
public interface QueueTicketEntity extends Entity {
    @NotNull
    @Unique
    long getBuildId();
    void setBuildId(long buildId);

    int getAttempt();
    void setAttempt(int attempt);

    /** Null: any werker (image builds); set: only werkers with this label. */
    String getMachineTag();
    void setMachineTag(String machineTag);

    /** Labels a werker must all carry (the repository's werker labels), space-separated; null: no restriction. */
    String getWerkerLabels();
    void setWerkerLabels(String labels);

    /** Ascending = served first. Requeued builds get a key below every fresh one (front of the queue). */
    long getSortKey();
    void setSortKey(long sortKey);
}
