package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.Indexed;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.Table;
import net.java.ao.schema.Unique;

/**
 * A contiguous range [START_OFFSET, END_OFFSET) of one attempt's build log. {@code CHUNK_KEY} (build:attempt:start)
 * is unique so two concurrent deliveries of the same range store it once. The cap banner is a SYSTEM chunk with
 * START_OFFSET = END_OFFSET = the cap (it covers none of the werker's bytes).
 */
@Table("LOG_CHUNK")
public interface LogChunkEntity extends Entity {
    @NotNull
    @Unique
    String getChunkKey();
    void setChunkKey(String key);

    @NotNull
    @Indexed
    long getBuildId();
    void setBuildId(long buildId);

    int getAttempt();
    void setAttempt(int attempt);

    long getStartOffset();
    void setStartOffset(long offset);

    long getEndOffset();
    void setEndOffset(long offset);

    int getStageIndex();
    void setStageIndex(int stage);

    /** STDOUT, STDERR or SYSTEM. */
    String getLogStream();
    void setLogStream(String stream);

    byte[] getContent();
    void setContent(byte[] content);
}
