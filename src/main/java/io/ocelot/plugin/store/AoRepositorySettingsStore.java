package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.core.Json;
import io.ocelot.core.lang.BranchPattern;
import io.ocelot.plugin.crypto.SecretBox;
import io.ocelot.plugin.crypto.SecretKeySource;
import io.ocelot.plugin.registry.RegistryCredential;
import io.ocelot.plugin.registry.RegistryCredentialSummary;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.repo.RepositorySettingsStore;
import net.java.ao.ActiveObjectsException;

import javax.inject.Inject;
import javax.inject.Named;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.PatternSyntaxException;

/**
 * {@link RepositorySettingsStore} in AO, one REPO_CONFIG row per repository id. Secret values and notification URLs
 * are sealed with AES-GCM ({@link SecretBox}, key outside the database), each bound to its repository id and name so
 * a ciphertext copied to another row or name does not open. The repository's registry credentials are sealed the
 * same way, one sealed JSON value (user name and password) per registry host.
 */
@Named
public class AoRepositorySettingsStore implements RepositorySettingsStore {
    private final ActiveObjects ao;
    private final SecretBox box;
    private final Clock clock;

    @Inject
    public AoRepositorySettingsStore(@ComponentImport ActiveObjects ao, SecretKeySource keys, Clock clock) {
        this.ao = ao;
        this.box = new SecretBox(keys);
        this.clock = clock;
    }

    @Override
    public RepositorySettings get(RepositoryRef repository) {
        return find(repository).orElse(RepositorySettings.disabled(repository));
    }

    @Override
    public Optional<RepositorySettings> find(RepositoryRef repository) {
        return row(repository.id()).map(e -> toSettings(e, repository));
    }

    private Optional<RepoConfigEntity> row(int repoId) {
        RepoConfigEntity[] found = ao.find(RepoConfigEntity.class, "REPO_ID = ?", repoId);
        return found.length == 0 ? Optional.empty() : Optional.of(found[0]);
    }

    @Override
    public void save(RepositorySettings s) {
        write(() -> upsert(s));
    }

    @Override
    public void save(RepositorySettings s, Map<String, String> setSecrets, Set<String> removeSecrets,
                     Map<String, URI> notificationTargets) {
        write(() -> {
            RepoConfigEntity e = upsert(s);
            int id = s.repository().id();
            Map<String, String> secrets = sealedMap(e.getSecrets());
            removeSecrets.forEach(secrets::remove);
            Map<String, List<String>> limits = branchMap(e.getSecretBranches());
            removeSecrets.forEach(limits::remove);
            e.setSecretBranches(limits.isEmpty() ? null : Json.write(limits));
            setSecrets.forEach((name, value) -> secrets.put(name, box.seal(value, secretContext(id, name))));
            e.setSecrets(secrets.isEmpty() ? null : Json.write(secrets));
            Map<String, String> targets = new TreeMap<>();
            notificationTargets.forEach((target, url) -> targets.put(target, box.seal(url.toString(), targetContext(id, target))));
            e.setNotifyTargets(targets.isEmpty() ? null : Json.write(targets));
            e.save();
            return e;
        });
    }

    private void write(java.util.function.Supplier<RepoConfigEntity> change) {
        try {
            ao.executeInTransaction(change::get);
        } catch (ActiveObjectsException e) {
            ao.executeInTransaction(change::get); // a concurrent first save won the insert: update its row
        }
    }

    private RepoConfigEntity upsert(RepositorySettings s) {
        RepoConfigEntity e = row(s.repository().id())
                .orElseGet(() -> ao.create(RepoConfigEntity.class, Map.of("REPO_ID", s.repository().id())));
        e.setProjectKey(s.repository().projectKey());
        e.setRepoSlug(s.repository().slug());
        e.setEnabled(s.enabled());
        e.setAutoCancel(s.autoCancel());
        e.setBuildPullRequests(s.buildPullRequests());
        e.setBuildTags(s.buildTags());
        e.setWerkerLabels(s.werkerLabels().isEmpty() ? null : String.join(" ", s.werkerLabels()));
        e.setBuildGroup(s.buildGroup());
        e.save();
        return e;
    }

    @Override
    public List<RepositorySettings> enabled() {
        return Arrays.stream(ao.find(RepoConfigEntity.class, "ENABLED = ?", true))
                .map(e -> toSettings(e, refOf(e)))
                .toList();
    }

    @Override
    public Optional<RepositoryRef> byName(String projectKey, String slug) {
        RepoConfigEntity[] found = ao.find(RepoConfigEntity.class, "PROJECT_KEY = ? AND REPO_SLUG = ?", projectKey, slug);
        return found.length == 0 ? Optional.empty() : Optional.of(refOf(found[0]));
    }

    @Override
    public SortedSet<String> secretNames(RepositoryRef repository) {
        return row(repository.id()).map(e -> (SortedSet<String>) new TreeSet<>(sealedMap(e.getSecrets()).keySet()))
                .orElseGet(TreeSet::new);
    }

    @Override
    public Map<String, String> secretValues(RepositoryRef repository) {
        Map<String, String> out = new LinkedHashMap<>();
        row(repository.id()).ifPresent(e -> sealedMap(e.getSecrets()).forEach((name, sealed) -> {
            try {
                out.put(name, box.open(sealed, secretContext(repository.id(), name)));
            } catch (RuntimeException bad) { // say which one: the user can set that one again
                throw new IllegalStateException("secret variable '" + name + "': " + bad.getMessage(), bad);
            }
        }));
        return out;
    }

    @Override
    public Map<String, URI> notificationTargets(RepositoryRef repository) {
        Map<String, URI> out = new LinkedHashMap<>();
        row(repository.id()).ifPresent(e -> sealedMap(e.getNotifyTargets()).forEach((target, sealed) ->
                out.put(target, URI.create(box.open(sealed, targetContext(repository.id(), target))))));
        return out;
    }

    @Override
    public void limitSecret(RepositoryRef repository, String name, List<String> branchPatterns) {
        List<String> patterns = branchPatterns == null ? List.of() : branchPatterns.stream().map(String::strip).toList();
        for (String p : patterns) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("secret '" + name + "': a branch pattern is empty");
            }
            try {
                BranchPattern.compile(p);
            } catch (PatternSyntaxException bad) {
                throw new IllegalArgumentException("secret '" + name + "': branch pattern '" + p
                        + "' is not a regular expression: " + bad.getDescription() + " at index " + bad.getIndex());
            }
        }
        ao.executeInTransaction(() -> {
            RepoConfigEntity e = row(repository.id()).filter(r -> sealedMap(r.getSecrets()).containsKey(name))
                    .orElseThrow(() -> new IllegalArgumentException("secret '" + name + "': " + repository
                            + " has no secret variable of that name"));
            Map<String, List<String>> limits = branchMap(e.getSecretBranches());
            if (patterns.isEmpty()) {
                limits.remove(name);
            } else {
                limits.put(name, patterns);
            }
            e.setSecretBranches(limits.isEmpty() ? null : Json.write(limits));
            e.save();
            return e;
        });
    }

    @Override
    public Map<String, List<String>> secretBranches(RepositoryRef repository) {
        return row(repository.id()).map(e -> branchMap(e.getSecretBranches())).orElseGet(TreeMap::new);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> branchMap(String json) {
        Map<String, List<String>> out = new TreeMap<>();
        if (json != null && !json.isBlank()) {
            ((Map<String, List<String>>) Json.read(json, Map.class)).forEach((k, v) -> out.put(k, List.copyOf(v)));
        }
        return out;
    }

    @Override
    public String setRegistryCredential(RepositoryRef repository, String host, String username, String password) {
        RegistryCredential c = RegistryCredentialStore.checked(host, username, password, clock.millis());
        ao.executeInTransaction(() -> {
            RepoConfigEntity e = row(repository.id()).orElseThrow(() -> new IllegalStateException(repository
                    + " has no Ocelot settings yet; save its settings before giving it a registry credential"));
            Map<String, String> all = sealedMap(e.getRegistryAuth());
            all.put(c.host(), box.seal(Json.write(c), registryContext(repository.id(), c.host())));
            e.setRegistryAuth(Json.write(all));
            e.save();
            return e;
        });
        return c.host();
    }

    @Override
    public boolean removeRegistryCredential(RepositoryRef repository, String host) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        return ao.executeInTransaction(() -> row(repository.id()).map(e -> {
            Map<String, String> all = sealedMap(e.getRegistryAuth());
            if (all.remove(h) == null) {
                return false;
            }
            e.setRegistryAuth(all.isEmpty() ? null : Json.write(all));
            e.save();
            return true;
        }).orElse(false));
    }

    @Override
    public List<RegistryCredentialSummary> registryCredentialList(RepositoryRef repository) {
        return registryCredentials(repository).stream()
                .map(c -> new RegistryCredentialSummary(c.host(), c.username(), c.setAt())).toList();
    }

    @Override
    public List<RegistryCredential> registryCredentials(RepositoryRef repository) {
        List<RegistryCredential> out = new ArrayList<>();
        row(repository.id()).ifPresent(e -> sealedMap(e.getRegistryAuth()).forEach((host, sealed) -> {
            try {
                out.add(Json.read(box.open(sealed, registryContext(repository.id(), host)), RegistryCredential.class));
            } catch (RuntimeException bad) { // say which one: the user can set that one again
                throw new IllegalStateException("registry credential for '" + host + "': " + bad.getMessage(), bad);
            }
        }));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> sealedMap(String json) {
        return json == null || json.isBlank() ? new TreeMap<>() : new TreeMap<String, String>(Json.read(json, Map.class));
    }

    private static String secretContext(int repoId, String name) {
        return "repo:" + repoId + ":secret:" + name;
    }

    private static String registryContext(int repoId, String host) {
        return "repo:" + repoId + ":registry:" + host;
    }

    private static String targetContext(int repoId, String target) {
        return "repo:" + repoId + ":notify:" + target;
    }

    private static RepositoryRef refOf(RepoConfigEntity e) {
        return new RepositoryRef(e.getRepoId(), e.getProjectKey(), e.getRepoSlug());
    }

    private static RepositorySettings toSettings(RepoConfigEntity e, RepositoryRef repository) {
        List<String> labels = e.getWerkerLabels() == null || e.getWerkerLabels().isBlank() ? List.of()
                : List.of(e.getWerkerLabels().trim().split("\\s+"));
        return new RepositorySettings(repository, e.isEnabled(), e.isAutoCancel(), e.isBuildPullRequests(),
                e.isBuildTags(), labels, e.getBuildGroup());
    }
}
