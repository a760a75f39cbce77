package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.Table;
import net.java.ao.schema.Unique;

/**
 * A cluster-wide claim on a piece of housekeeping (the lease reaper): held by one node until it expires or is
 * finished (then it stays, expired, recording when the work last ran). Taken with a conditional {@code DELETE} and an
 * insert under a unique name, so two nodes cannot both hold it.
 */
@Table("CLUSTER_CLAIM")
public interface ClusterClaimEntity extends Entity {
    @NotNull
    @Unique
    String getClaimName();
    void setClaimName(String name);

    @NotNull
    String getHolder();
    void setHolder(String holder);

    /** When a holder last took or finished it: the cluster's last sign of doing this work. */
    long getLastActiveAt();
    void setLastActiveAt(long epochMillis);

    long getExpiresAt();
    void setExpiresAt(long epochMillis);
}
