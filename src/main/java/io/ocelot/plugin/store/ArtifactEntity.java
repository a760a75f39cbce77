package io.ocelot.plugin.store;

import io.ocelot.plugin.artifact.ArtifactPath;
import net.java.ao.Entity;
import net.java.ao.schema.Indexed;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.StringLength;
import net.java.ao.schema.Table;
import net.java.ao.schema.Unique;

/**
 * One artifact of a build: where the werker found it, how big it is, its SHA-256 and the file that holds it
 * ({@link io.ocelot.plugin.artifact.ArtifactFiles}). {@code ARTIFACT_KEY} = build id + ":" + SHA-256 of the path,
 * so a path is stored once per build (an upload of the same path replaces the row) whatever its length.
 */
@Table("ARTIFACT")
public interface ArtifactEntity extends Entity {
    @NotNull
    @Unique
    String getArtifactKey();
    void setArtifactKey(String key);

    @NotNull
    @Indexed
    long getBuildId();
    void setBuildId(long buildId);

    int getAttempt();
    void setAttempt(int attempt);

    int getStageIndex();
    void setStageIndex(int index);

    @StringLength(ArtifactPath.MAX_LENGTH)
    String getArtifactPath();
    void setArtifactPath(String path);

    long getSizeBytes();
    void setSizeBytes(long bytes);

    String getSha256();
    void setSha256(String hex);

    String getStoredAs();
    void setStoredAs(String name);

    @Indexed
    long getCreatedAt();
    void setCreatedAt(long epochMillis);

    boolean isExpired();
    void setExpired(boolean expired);
}
