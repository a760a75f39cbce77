package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.Indexed;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.StringLength;
import net.java.ao.schema.Table;

/** How one notification of a build went (Slack or webhook), shown on the build page. Never a full URL. */
@Table("NOTIFICATION")
public interface NotificationEntity extends Entity {
    @NotNull
    @Indexed
    long getBuildId();
    void setBuildId(long buildId);

    /** "slack:#channel" or "webhook:host". */
    String getTarget();
    void setTarget(String target);

    boolean isDelivered();
    void setDelivered(boolean delivered);

    int getAttempts();
    void setAttempts(int attempts);

    @StringLength(StringLength.UNLIMITED)
    String getOutcome();
    void setOutcome(String outcome);

    long getAtMillis();
    void setAtMillis(long epochMillis);
}
