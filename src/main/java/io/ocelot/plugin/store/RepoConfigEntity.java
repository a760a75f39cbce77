package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.Table;
import net.java.ao.schema.Unique;

/** Per-repository Ocelot settings; a repository without a row is disabled. */
@Table("REPO_CONFIG")
public interface RepoConfigEntity extends Entity {
    @NotNull
    @Unique
    int getRepoId();
    void setRepoId(int repoId);

    String getProjectKey();
    void setProjectKey(String key);

    String getRepoSlug();
    void setRepoSlug(String slug);

    boolean isEnabled();
    void setEnabled(boolean enabled);

    boolean isAutoCancel();
    void setAutoCancel(boolean autoCancel);

    boolean isBuildPullRequests();
    void setBuildPullRequests(boolean build);

    boolean isBuildTags();
    void setBuildTags(boolean build);
}
