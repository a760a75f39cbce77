package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.Indexed;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.StringLength;
import net.java.ao.schema.Table;
import net.java.ao.schema.Unique;

/**
 * Per-repository Ocelot settings, the one persisted model behind the trigger path and the settings page/API; a
 * repository without a row is disabled (unless auto-enable switches it on). Secret values and notification URLs are
 * sealed ({@link io.ocelot.plugin.crypto.SecretBox}) before they reach this row.
 */
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

    /** Labels a werker must all carry to build this repository, space-separated; null or empty: any werker. */
    String getWerkerLabels();
    void setWerkerLabels(String labels);

    /** The build group name (several repositories listed together), null when none. */
    @Indexed
    String getBuildGroup();
    void setBuildGroup(String group);

    /** JSON object: secret name → sealed value (the name is the env variable; only the value is secret). */
    @StringLength(StringLength.UNLIMITED)
    String getSecrets();
    void setSecrets(String sealedJson);

    /** JSON object: notification target identifier → sealed webhook URL (the URL carries a token). */
    @StringLength(StringLength.UNLIMITED)
    String getNotifyTargets();
    void setNotifyTargets(String sealedJson);

    /**
     * JSON object: registry host → sealed credential (user name and password or token, as one sealed JSON value);
     * the repository's own registry logins, write-only like the secrets.
     */
    @StringLength(StringLength.UNLIMITED)
    String getRegistryAuth();
    void setRegistryAuth(String sealedJson);

    /**
     * JSON object: secret name → branch patterns (regular expressions as in ocelot.yml {@code branches}) the secret
     * is limited to; a secret not named here goes to every branch. Patterns are not secret.
     */
    @StringLength(StringLength.UNLIMITED)
    String getSecretBranches();
    void setSecretBranches(String json);
}
