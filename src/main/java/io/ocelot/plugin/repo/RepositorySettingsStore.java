package io.ocelot.plugin.repo;

import io.ocelot.plugin.registry.RegistryCredential;
import io.ocelot.plugin.registry.RegistryCredentialSummary;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * Port: per-repository settings, the one persisted model. Secret values and notification URLs are kept encrypted
 * and are write-only for people: only {@link #secretValues} (for the job sent to a werker) and
 * {@link #notificationTargets} (for the notifier) return them.
 */
public interface RepositorySettingsStore {
    /** The settings, or {@link RepositorySettings#disabled} when none were saved. */
    RepositorySettings get(RepositoryRef repository);

    /** The saved settings; empty for a repository never configured (auto-enable may switch it on). */
    Optional<RepositorySettings> find(RepositoryRef repository);

    /** Saves the switches, labels and group; secrets and notification targets are left as they are. */
    void save(RepositorySettings settings);

    /**
     * Saves everything in one transaction: the settings, secrets set ({@code setSecrets}, name → value) and removed
     * by name (the others stay), and the notification targets (replacing the old ones).
     */
    void save(RepositorySettings settings, Map<String, String> setSecrets, Set<String> removeSecrets,
              Map<String, URI> notificationTargets);

    List<RepositorySettings> enabled();

    /** A configured repository by its names as last saved (for callers that know only the names). */
    Optional<RepositoryRef> byName(String projectKey, String slug);

    SortedSet<String> secretNames(RepositoryRef repository);

    /** Decrypted secret values, name → value: only for the job handed to a werker. */
    Map<String, String> secretValues(RepositoryRef repository);

    /** Notification target identifier → webhook URL (decrypted). */
    Map<String, URI> notificationTargets(RepositoryRef repository);

    /**
     * Stores (or replaces) the repository's own login for one container registry, sealed like its secrets. The
     * repository must have been configured (its settings saved) first.
     *
     * @return the host as stored (lower case)
     * @throws IllegalArgumentException naming the field that is wrong
     * @throws IllegalStateException when the repository has no saved settings
     */
    String setRegistryCredential(RepositoryRef repository, String host, String username, String password);

    /** False when the repository had no credential for {@code host}. */
    boolean removeRegistryCredential(RepositoryRef repository, String host);

    /** Host, user name and when it was set, by host; never the password. */
    List<RegistryCredentialSummary> registryCredentialList(RepositoryRef repository);

    /** The repository's registry credentials with their passwords, by host: only for the job handed to a werker. */
    List<RegistryCredential> registryCredentials(RepositoryRef repository);

    /**
     * Limits secret {@code name} to branches matching one of {@code branchPatterns} (whole-name regular expressions,
     * as ocelot.yml {@code branches}, {@code ALL} for every branch); an empty list lifts the limit. Removing the
     * secret removes its limit.
     *
     * @throws IllegalArgumentException when there is no such secret or a pattern is not a regular expression
     */
    void limitSecret(RepositoryRef repository, String name, List<String> branchPatterns);

    /** Secret name → the branch patterns it is limited to; secrets without a limit are not listed. */
    Map<String, List<String>> secretBranches(RepositoryRef repository);
}
