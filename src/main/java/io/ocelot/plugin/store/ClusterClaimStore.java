package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import net.java.ao.Query;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Map;
import java.util.Optional;

/**
 * Cluster-wide claims ({@link ClusterClaimEntity}): work that must run on one node at a time. A claim is taken (or
 * renewed by its holder) by deleting the row only if it is expired or already the caller's, then inserting it again;
 * the database gives the delete to one contender, and the unique name refuses a second insert when there was no
 * row. A loser sees false (a serialization or unique-key error counts as losing).
 */
@Named
public class ClusterClaimStore {
    private final ActiveObjects ao;

    @Inject
    public ClusterClaimStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    public record Claim(String name, String holder, long takenAt, long expiresAt) {
        public boolean liveAt(long now) {
            return expiresAt > now;
        }
    }

    /** Takes or renews {@code name} for {@code holder} until {@code until}; false when another holder has it. */
    public boolean take(String name, String holder, long now, long until) {
        try {
            return ao.executeInTransaction(() -> {
                int freed = ao.deleteWithSQL(ClusterClaimEntity.class,
                        "CLAIM_NAME = ? AND (HOLDER = ? OR EXPIRES_AT <= ?)", name, holder, now);
                if (freed != 1 && ao.count(ClusterClaimEntity.class, "CLAIM_NAME = ?", name) > 0) {
                    return false;
                }
                ao.create(ClusterClaimEntity.class, Map.of("CLAIM_NAME", name, "HOLDER", holder, "TAKEN_AT", now,
                        "EXPIRES_AT", until));
                return true;
            });
        } catch (RuntimeException e) {
            if (!DatabaseConflict.is(e)) {
                throw e;
            }
            return false;
        }
    }

    /** Gives the claim up (the node stops), if {@code holder} still has it. */
    public void release(String name, String holder) {
        ao.deleteWithSQL(ClusterClaimEntity.class, "CLAIM_NAME = ? AND HOLDER = ?", name, holder);
    }

    public Optional<Claim> current(String name) {
        ClusterClaimEntity[] found = ao.find(ClusterClaimEntity.class,
                Query.select().where("CLAIM_NAME = ?", name));
        return found.length == 0 ? Optional.empty() : Optional.of(new Claim(found[0].getClaimName(),
                found[0].getHolder(), found[0].getTakenAt(), found[0].getExpiresAt()));
    }
}
