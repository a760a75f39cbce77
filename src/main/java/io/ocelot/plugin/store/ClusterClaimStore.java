package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import net.java.ao.Query;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Map;
import java.util.Optional;

/**
 * Cluster-wide claims ({@link ClusterClaimEntity}): work that must run on one node at a time. A claim is taken by
 * deleting the row only if it is expired (or already the caller's), then inserting it again; the database gives the
 * delete to one contender, and the unique name refuses a second insert when there was no row. A loser sees false (a
 * serialization or unique-key error counts as losing). Finishing the work leaves the row expired, so the next run
 * may be on any node, and records when the work last ran.
 */
@Named
public class ClusterClaimStore {
    private final ActiveObjects ao;

    @Inject
    public ClusterClaimStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    /** {@code lastActiveAt}: when it was last taken or finished. */
    public record Claim(String name, String holder, long lastActiveAt, long expiresAt) {
        public boolean liveAt(long now) {
            return expiresAt > now;
        }
    }

    /** Takes (or renews) {@code name} for {@code holder} until {@code until}; false when another holder has it. */
    public boolean take(String name, String holder, long now, long until) {
        return replace(name, "CLAIM_NAME = ? AND (HOLDER = ? OR EXPIRES_AT <= ?)", holder, now, until, true,
                name, holder, now);
    }

    /** The holder is done for now: the claim is left expired at {@code now}, free for any node's next run. */
    public void finish(String name, String holder, long now) {
        replace(name, "CLAIM_NAME = ? AND HOLDER = ?", holder, now, now, false, name, holder);
    }

    private boolean replace(String name, String where, String holder, long now, long until, boolean insertIfAbsent,
                            Object... params) {
        try {
            return ao.executeInTransaction(() -> {
                int freed = ao.deleteWithSQL(ClusterClaimEntity.class, where, params);
                if (freed != 1 && (!insertIfAbsent || ao.count(ClusterClaimEntity.class, "CLAIM_NAME = ?", name) > 0)) {
                    return false;
                }
                ao.create(ClusterClaimEntity.class, Map.of("CLAIM_NAME", name, "HOLDER", holder,
                        "LAST_ACTIVE_AT", now, "EXPIRES_AT", until));
                return true;
            });
        } catch (RuntimeException e) {
            if (!DatabaseConflict.is(e)) {
                throw e;
            }
            return false;
        }
    }

    /** Removes the claim (the node stops), if {@code holder} was the last to have it. */
    public void release(String name, String holder) {
        ao.deleteWithSQL(ClusterClaimEntity.class, "CLAIM_NAME = ? AND HOLDER = ?", name, holder);
    }

    public Optional<Claim> current(String name) {
        ClusterClaimEntity[] found = ao.find(ClusterClaimEntity.class,
                Query.select().where("CLAIM_NAME = ?", name));
        return found.length == 0 ? Optional.empty() : Optional.of(new Claim(found[0].getClaimName(),
                found[0].getHolder(), found[0].getLastActiveAt(), found[0].getExpiresAt()));
    }
}
