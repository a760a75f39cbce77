package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.Indexed;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.Table;
import net.java.ao.schema.Unique;

/**
 * A werker's lease on a running build. Every change of a lease (renew, expire, finish) begins with a conditional
 * {@code DELETE} of this row, so a heartbeat and the reaper racing on two nodes cannot both win.
 */
@Table("LEASE")
public interface LeaseEntity extends Entity {
    @NotNull
    @Unique
    String getLeaseId();
    void setLeaseId(String leaseId);

    @NotNull
    @Indexed
    long getBuildId();
    void setBuildId(long buildId);

    @Indexed
    long getExpiresAt();
    void setExpiresAt(long epochMillis);
}
