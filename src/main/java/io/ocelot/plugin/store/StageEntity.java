package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.Indexed;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.StringLength;
import net.java.ao.schema.Table;

/** One stage of a build, created PENDING (or SKIPPED) from the plan and updated by the werker. */
@Table("STAGE")
public interface StageEntity extends Entity {
    @NotNull
    @Indexed
    long getBuildId();
    void setBuildId(long buildId);

    int getStageIndex();
    void setStageIndex(int index);

    String getName();
    void setName(String name);

    String getStatus();
    void setStatus(String status);

    Integer getExitCode();
    void setExitCode(Integer exitCode);

    long getStartedAt();
    void setStartedAt(long epochMillis);

    long getDurationMs();
    void setDurationMs(long millis);

    @StringLength(StringLength.UNLIMITED)
    String getMessage();
    void setMessage(String message);
}
