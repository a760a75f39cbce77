package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.Indexed;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.StringLength;
import net.java.ao.schema.Table;

/**
 * The JUnit results of one stage of a build, as the werker read them: the counts, and the failures as JSON (a list
 * of {@link io.ocelot.core.build.TestFailure}, bounded by {@link io.ocelot.core.build.TestReport#MAX_FAILURES}).
 */
@Table("TEST_RESULT")
public interface TestResultEntity extends Entity {
    @NotNull
    @Indexed
    long getBuildId();
    void setBuildId(long buildId);

    int getStageIndex();
    void setStageIndex(int index);

    int getPassed();
    void setPassed(int n);

    int getFailed();
    void setFailed(int n);

    int getSkipped();
    void setSkipped(int n);

    @StringLength(StringLength.UNLIMITED)
    String getFailuresJson();
    void setFailuresJson(String json);
}
