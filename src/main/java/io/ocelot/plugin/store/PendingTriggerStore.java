package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import net.java.ao.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The durable hand-off between Bitbucket's events and the trigger work ({@link PendingTriggerEntity}). Every
 * transition deletes the row it starts from by id, inside a transaction that inserts the next version: whoever
 * deletes the row (one affected row) owns the transition, the others see 0 rows and back off — on any node and any
 * database, the rule {@link QueueStore} follows for tickets and leases (docs/plugin.md "Isolation").
 */
@Named
public class PendingTriggerStore {
    private static final Logger log = LoggerFactory.getLogger(PendingTriggerStore.class);
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,40}");

    public enum State { PENDING, CLAIMED, FAILED }

    /** What the event said, copied as it came; {@code kind} is a TriggerKind name. */
    public record Event(int repoId, String projectKey, String repoSlug, String kind, String ref, String branch,
                        boolean tag, String since, String commit, long prId, String user, boolean fromFork,
                        String targetBranch) {
    }

    /** One stored version of a trigger; {@code attempts}: tries started so far (a claim starts one). */
    public record PendingTrigger(long id, State state, int attempts, long receivedAt, long nextAt, String lastError,
                                 Event event) {
    }

    private final ActiveObjects ao;

    @Inject
    public PendingTriggerStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    /** Stores a new trigger, due at once; one small insert in its own transaction. */
    public long record(Event e, long now) {
        return ao.executeInTransaction(() -> insert(e, State.PENDING, 0, now, now, null).getID());
    }

    /** PENDING triggers whose time has come and CLAIMED ones whose claim ran out, the oldest first. */
    public List<PendingTrigger> due(long now, int limit) {
        return list(Query.select().where("TRIGGER_STATE IN (?, ?) AND NEXT_AT <= ?", State.PENDING.name(),
                State.CLAIMED.name(), now).order("NEXT_AT ASC, ID ASC").limit(limit));
    }

    /**
     * Takes the trigger for one attempt, until {@code claimUntil}; empty when another processor (on any node) took
     * it, or it changed, since it was read.
     */
    public Optional<PendingTrigger> claim(PendingTrigger t, long now, long claimUntil) {
        return transition(t, State.CLAIMED, t.attempts() + 1, claimUntil, t.lastError());
    }

    /** The claimed trigger is handled: gone. False when its claim had run out and another processor took it. */
    public boolean done(PendingTrigger claimed) {
        return ao.deleteWithSQL(PendingTriggerEntity.class, "ID = ? AND TRIGGER_STATE = ?",
                EntityIds.key(claimed.id()), State.CLAIMED.name()) == 1;
    }

    /** Back to PENDING, due at {@code nextAt}, remembering why this attempt failed. */
    public Optional<PendingTrigger> retryLater(PendingTrigger claimed, long nextAt, String reason) {
        return transition(claimed, State.PENDING, claimed.attempts(), nextAt, reason);
    }

    /** Given up: FAILED with its reason, kept so that people see it. */
    public Optional<PendingTrigger> fail(PendingTrigger claimed, long now, String reason) {
        return transition(claimed, State.FAILED, claimed.attempts(), now, reason);
    }

    /**
     * Deletes FAILED triggers given up before {@code cutoff} (their build records the failure), at most {@code
     * limit} per call so one housekeeping run stays short; returns how many.
     */
    public int pruneFailed(long cutoff, int limit) {
        PendingTriggerEntity[] old = ao.find(PendingTriggerEntity.class, Query.select("ID")
                .where("TRIGGER_STATE = ? AND NEXT_AT < ?", State.FAILED.name(), cutoff).limit(limit));
        int pruned = 0;
        for (PendingTriggerEntity e : old) {
            pruned += ao.deleteWithSQL(PendingTriggerEntity.class, "ID = ? AND TRIGGER_STATE = ?", EntityIds.key(e.getID()),
                    State.FAILED.name());
        }
        return pruned;
    }

    /** Triggers not yet handled or given up, of these repositories, newest first. */
    public List<PendingTrigger> ofRepositories(Collection<Integer> repoIds, int limit) {
        if (repoIds.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", Collections.nCopies(repoIds.size(), "?"));
        return list(Query.select().where("REPO_ID IN (" + in + ")", repoIds.toArray())
                .order("RECEIVED_AT DESC, ID DESC").limit(limit));
    }

    /** Triggers of a commit starting with {@code prefix} (hex), newest first. */
    public List<PendingTrigger> byCommitPrefix(String prefix, int limit) {
        if (prefix == null || !HEX.matcher(prefix).matches()) {
            return List.of();
        }
        return list(Query.select().where("COMMIT_HASH LIKE ?", prefix.toLowerCase() + "%")
                .order("RECEIVED_AT DESC, ID DESC").limit(limit));
    }

    public int count(State state) {
        return ao.count(PendingTriggerEntity.class, "TRIGGER_STATE = ?", state.name());
    }

    /** PENDING and CLAIMED: triggers that will still be handled. */
    public int outstanding() {
        return ao.count(PendingTriggerEntity.class, "TRIGGER_STATE IN (?, ?)", State.PENDING.name(),
                State.CLAIMED.name());
    }

    private Optional<PendingTrigger> transition(PendingTrigger from, State to, int attempts, long nextAt,
                                                String reason) {
        try {
            return Optional.ofNullable(ao.executeInTransaction(() -> {
                if (ao.deleteWithSQL(PendingTriggerEntity.class, "ID = ? AND TRIGGER_STATE = ?",
                        EntityIds.key(from.id()), from.state().name()) != 1) {
                    return null;
                }
                int id = insert(from.event(), to, attempts, from.receivedAt(), nextAt, reason).getID();
                return new PendingTrigger(id, to, attempts, from.receivedAt(), nextAt, reason, from.event());
            }));
        } catch (RuntimeException e) {
            if (!DatabaseConflict.is(e)) {
                throw e;
            }
            log.debug("trigger {} taken by another processor: {}", from.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /** One INSERT with every column (no setters and {@code save()}, which would add an UPDATE per row). */
    private PendingTriggerEntity insert(Event e, State state, int attempts, long receivedAt, long nextAt,
                                        String reason) {
        Map<String, Object> row = new HashMap<>();
        row.put("TRIGGER_STATE", state.name());
        row.put("NEXT_AT", nextAt);
        row.put("ATTEMPTS", attempts);
        row.put("RECEIVED_AT", receivedAt);
        putIfSet(row, "LAST_ERROR", reason);
        row.put("REPO_ID", e.repoId());
        putIfSet(row, "PROJECT_KEY", e.projectKey());
        putIfSet(row, "REPO_SLUG", e.repoSlug());
        row.put("TRIGGER_KIND", e.kind());
        putIfSet(row, "REF_NAME", e.ref());
        row.put("BRANCH_NAME", e.branch());
        row.put("TAG_REF", e.tag());
        putIfSet(row, "SINCE_COMMIT", e.since());
        row.put("COMMIT_HASH", e.commit());
        row.put("PR_ID", e.prId());
        putIfSet(row, "TRIGGERED_BY", e.user());
        row.put("FROM_FORK", e.fromFork());
        putIfSet(row, "TARGET_BRANCH", e.targetBranch());
        return ao.create(PendingTriggerEntity.class, row);
    }

    private static void putIfSet(Map<String, Object> row, String column, Object value) {
        if (value != null) {
            row.put(column, value);
        }
    }

    private List<PendingTrigger> list(Query q) {
        return Arrays.stream(ao.find(PendingTriggerEntity.class, q)).map(PendingTriggerStore::view).toList();
    }

    private static PendingTrigger view(PendingTriggerEntity t) {
        return new PendingTrigger(t.getID(), State.valueOf(t.getTriggerState()), t.getAttempts(), t.getReceivedAt(),
                t.getNextAt(), t.getLastError(), new Event(t.getRepoId(), t.getProjectKey(), t.getRepoSlug(),
                t.getTriggerKind(), t.getRefName(), t.getBranchName(), t.isTagRef(), t.getSinceCommit(),
                t.getCommitHash(), t.getPrId(), t.getTriggeredBy(), t.isFromFork(), t.getTargetBranch()));
    }
}
