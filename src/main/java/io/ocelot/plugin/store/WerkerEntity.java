package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.Table;
import net.java.ao.schema.Unique;

/** A registered werker. Only the SHA-256 of its token is kept. */
@Table("WERKER")
public interface WerkerEntity extends Entity {
    /** @Unique already indexes the column; a second @Indexed index on it is refused by Oracle (ORA-01408). */
    @NotNull
    @Unique
    String getTokenHash();
    void setTokenHash(String hash);

    String getName();
    void setName(String name);

    /** Comma-separated labels (machine tags this werker serves). */
    String getLabels();
    void setLabels(String labels);

    int getMaxBuilds();
    void setMaxBuilds(int maxBuilds);

    String getWerkerVersion();
    void setWerkerVersion(String version);

    long getRegisteredAt();
    void setRegisteredAt(long epochMillis);

    long getLastSeenAt();
    void setLastSeenAt(long epochMillis);

    boolean isRevoked();
    void setRevoked(boolean revoked);
}
