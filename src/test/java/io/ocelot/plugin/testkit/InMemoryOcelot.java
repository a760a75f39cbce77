package io.ocelot.plugin.testkit;

import io.ocelot.core.plan.TriggerKind;

import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.CloneCredentialRequest;
import io.ocelot.core.api.CloneCredentialView;
import io.ocelot.core.api.NotificationView;
import io.ocelot.core.api.RegistrationSecretView;
import io.ocelot.core.api.StageView;
import io.ocelot.core.api.TriggerResponse;
import io.ocelot.core.api.WerkerView;
import io.ocelot.core.build.StageStatus;
import io.ocelot.plugin.build.NotificationLog;
import io.ocelot.plugin.ui.BuildCommands;
import io.ocelot.plugin.ui.BuildFilter;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.OcelotAdministration;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.RepositorySettingsView;
import io.ocelot.plugin.ui.UserFacingException;
import io.ocelot.plugin.ui.TriggerReadModel;
import io.ocelot.plugin.ui.WerkerDirectory;
import io.ocelot.core.api.TriggerView;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An honest in-memory Ocelot behind the UI ports: builds with stages and byte-offset logs, repositories with branches
 * and commits (for trigger), settings with secrets (values kept, never exposed through the port), werkers, and the
 * notification log. Everything is synchronized on this object; tests also drive it (start, log, finish builds).
 */
public final class InMemoryOcelot implements BuildReadModel, TriggerReadModel, BuildCommands, RepositorySettingsService, WerkerDirectory,
        NotificationLog, OcelotAdministration, io.ocelot.plugin.ui.BuildAttempts {

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Build> builds = new LinkedHashMap<>();
    private final Map<RepositoryName, Repo> repos = new HashMap<>();
    private final Map<RepositoryName, RepositorySettingsView> settings = new HashMap<>();
    private final Map<RepositoryName, Map<String, String>> secretValues = new HashMap<>();
    private final List<WerkerView> werkers = new ArrayList<>();
    private boolean autoEnableGlobal;
    private final Map<String, Boolean> autoEnableProjects = new HashMap<>();
    private Long registrationSecretSetAt;
    private CloneCredentialView cloneCredential = new CloneCredentialView(false, null, null, null, null);
    private String cloneSecret;
    /** Registry credentials by host, with their secrets (kept, never exposed through the port). */
    private final Map<String, String[]> registryCredentials = new java.util.TreeMap<>();
    /** Bumped on every change: a refused write must leave it alone. */
    private final AtomicLong version = new AtomicLong();
    public long clock = 1_700_000_000_000L;

    private static final class Repo {
        final Map<String, String> branches = new LinkedHashMap<>();
        final Map<String, String> messages = new HashMap<>();
        final List<String> skipBranches = new ArrayList<>();
    }

    private static final class Build {
        BuildSummary summary;
        final List<StageView> stages = new ArrayList<>();
        String message;
        final List<RawChunk> log = new ArrayList<>();
        long logLength;
        final List<NotificationView> notifications = new ArrayList<>();
        int attempt;
        /** The logs of the attempts before the current one (requeued builds). */
        final List<List<RawChunk>> earlierLogs = new ArrayList<>();
    }

    // ---- test drivers ----

    /** Forgets everything (ids start again at 1). */
    public synchronized void reset() {
        ids.set(0);
        builds.clear();
        repos.clear();
        settings.clear();
        secretValues.clear();
        werkers.clear();
        autoEnableGlobal = false;
        autoEnableProjects.clear();
        registrationSecretSetAt = null;
        cloneCredential = new CloneCredentialView(false, null, null, null, null);
        cloneSecret = null;
        registryCredentials.clear();
        version.set(0);
    }

    public synchronized InMemoryOcelot group(RepositoryName repo, String group) {
        RepositorySettingsView s = get(repo);
        settings.put(repo, new RepositorySettingsView(s.enabled(), s.werkerLabels(), s.buildTags(), s.buildPullRequests(),
                s.autoCancel(), group, s.secretNames(), s.slackWebhooks()));
        return this;
    }

    public synchronized long version() {
        return version.get();
    }

    public synchronized InMemoryOcelot repository(RepositoryName repo, boolean enabled) {
        repos.putIfAbsent(repo, new Repo());
        RepositorySettingsView s = settings.getOrDefault(repo, RepositorySettingsView.defaults());
        settings.put(repo, new RepositorySettingsView(enabled, s.werkerLabels(), s.buildTags(), s.buildPullRequests(),
                s.autoCancel(), s.buildGroup(), s.secretNames(), s.slackWebhooks()));
        return this;
    }

    public synchronized InMemoryOcelot commit(RepositoryName repo, String branch, String hash, String message) {
        Repo r = repos.computeIfAbsent(repo, k -> new Repo());
        r.branches.put(branch, hash);
        r.messages.put(hash, message);
        return this;
    }

    /** Branches the (simulated) ocelot.yml's branch filter leaves out. */
    public synchronized InMemoryOcelot branchFilterExcludes(RepositoryName repo, String branch) {
        repos.computeIfAbsent(repo, k -> new Repo()).skipBranches.add(branch);
        return this;
    }

    public synchronized long addBuild(RepositoryName repo, String branch, String commit, String message, String trigger,
                                      String by, String group) {
        long id = ids.incrementAndGet();
        Build b = new Build();
        b.summary = new BuildSummary(id, repo.projectKey(), repo.slug(), branch, commit, message, ApiBuildState.QUEUED,
                trigger, by, null, group, null, clock, null, null);
        builds.put(id, b);
        version.incrementAndGet();
        return id;
    }

    public synchronized void start(long id, String werker, List<String> stageNames) {
        start(id, werker, stageNames, null);
    }

    /** A stage graph's start: {@code needs} by stage index (null: stages run one after another). */
    public synchronized void start(long id, String werker, List<String> stageNames, List<List<String>> needs) {
        Build b = get(id);
        BuildSummary s = b.summary;
        b.summary = new BuildSummary(s.id(), s.projectKey(), s.repositorySlug(), s.branch(), s.commit(), s.commitMessage(),
                ApiBuildState.RUNNING, s.trigger(), s.triggeredBy(), s.pullRequestId(), s.group(), werker, s.queuedAt(), clock, null);
        for (int i = 0; i < stageNames.size(); i++) {
            b.stages.add(new StageView(i, stageNames.get(i), StageStatus.PENDING, null, null, null,
                    needs == null ? null : needs.get(i)));
        }
        b.attempt++;
        version.incrementAndGet();
    }

    /** The werker was lost: the build is queued again; its log so far stays readable as an earlier attempt. */
    public synchronized void requeue(long id) {
        Build b = get(id);
        b.earlierLogs.add(List.copyOf(b.log));
        b.log.clear();
        b.logLength = 0;
        b.stages.clear();
        BuildSummary s = b.summary;
        b.summary = new BuildSummary(s.id(), s.projectKey(), s.repositorySlug(), s.branch(), s.commit(), s.commitMessage(),
                ApiBuildState.QUEUED, s.trigger(), s.triggeredBy(), s.pullRequestId(), s.group(), null, s.queuedAt(), null, null);
        version.incrementAndGet();
    }

    public synchronized void stage(long id, int index, StageStatus status, Integer exitCode, Long durationMillis, String message) {
        Build b = get(id);
        StageView old = b.stages.get(index);
        b.stages.set(index, new StageView(index, old.name(), status, exitCode, durationMillis, message, old.needs()));
        version.incrementAndGet();
    }

    public synchronized void log(long id, int stage, String stream, String text) {
        log(id, stage, stream, text.getBytes(StandardCharsets.UTF_8));
    }

    public synchronized void log(long id, int stage, String stream, byte[] data) {
        Build b = get(id);
        b.log.add(new RawChunk(b.logLength, stage, stream, data.clone()));
        b.logLength += data.length;
        version.incrementAndGet();
    }

    public synchronized void finish(long id, ApiBuildState state, String message) {
        Build b = get(id);
        BuildSummary s = b.summary;
        b.summary = new BuildSummary(s.id(), s.projectKey(), s.repositorySlug(), s.branch(), s.commit(), s.commitMessage(),
                state, s.trigger(), s.triggeredBy(), s.pullRequestId(), s.group(), s.werker(), s.queuedAt(),
                s.startedAt(), clock);
        b.message = message;
        version.incrementAndGet();
    }

    public synchronized void werker(WerkerView w) {
        werkers.add(w);
    }

    /** The stored secret values (what the job builder would read); never reachable through the ports. */
    public synchronized Map<String, String> secretValues(RepositoryName repo) {
        return Map.copyOf(secretValues.getOrDefault(repo, Map.of()));
    }

    private Build get(long id) {
        Build b = builds.get(id);
        if (b == null) {
            throw UserFacingException.notFound("Build " + id + " does not exist.");
        }
        return b;
    }

    // ---- BuildReadModel ----

    private static final Comparator<BuildSummary> NEWEST_FIRST =
            Comparator.comparingLong(BuildSummary::queuedAt).thenComparingLong(BuildSummary::id).reversed();

    @Override
    public synchronized List<BuildSummary> recentBuilds(Collection<RepositoryName> repositories, BuildFilter filter, int limit) {
        return builds.values().stream().map(b -> b.summary)
                .filter(s -> repositories.contains(new RepositoryName(s.projectKey(), s.repositorySlug())))
                .filter(s -> filter.branch() == null || filter.branch().equals(s.branch()))
                .filter(s -> filter.state() == null || filter.state() == s.state())
                .filter(s -> filter.group() == null || filter.group().equals(s.group()))
                .sorted(NEWEST_FIRST).limit(limit).toList();
    }

    @Override
    public synchronized List<BuildSummary> buildsByCommitPrefix(String hashPrefix, int limit) {
        return builds.values().stream().map(b -> b.summary).filter(s -> s.commit().startsWith(hashPrefix))
                .sorted(NEWEST_FIRST).limit(limit).toList();
    }

    @Override
    public synchronized Optional<BuildDetail> build(long buildId) {
        Build b = builds.get(buildId);
        return Optional.ofNullable(b).map(x -> new BuildDetail(x.summary, x.stages, x.message, x.logLength, x.notifications,
                x.attempt, null, List.of()));
    }

    @Override
    public synchronized LogSlice log(long buildId, int attempt, long offset, int maxBytes) {
        Build b = get(buildId);
        if (attempt < 0 || attempt > b.attempt) {
            throw UserFacingException.badRequest("build " + buildId + " has no attempt " + attempt);
        }
        boolean current = attempt == 0 || attempt == b.attempt;
        List<RawChunk> log = current ? b.log : b.earlierLogs.get(attempt - 1);
        long length = log.stream().mapToLong(c -> c.data().length).sum();
        List<RawChunk> out = new ArrayList<>();
        long budget = maxBytes;
        for (RawChunk c : log) {
            long end = c.offset() + c.data().length;
            if (end <= offset || budget <= 0) {
                continue;
            }
            int from = (int) Math.max(0, offset - c.offset());
            int to = (int) Math.min(c.data().length, from + budget);
            byte[] part = java.util.Arrays.copyOfRange(c.data(), from, to);
            out.add(new RawChunk(c.offset() + from, c.stage(), c.stream(), part));
            budget -= part.length;
        }
        return new LogSlice(out, length, !current || b.summary.state().isFinished());
    }

    // ---- BuildAttempts ----

    @Override
    public synchronized int attempts(long buildId) {
        Build b = get(buildId);
        return b.attempt;
    }

    // ---- BuildCommands ----

    @Override
    public synchronized BuildSummary kill(long buildId, String byUser) {
        Build b = get(buildId);
        if (b.summary.state().isFinished()) {
            throw UserFacingException.conflict("Build " + buildId + " has already finished (" + b.summary.state() + ").");
        }
        finish(buildId, ApiBuildState.CANCELLED, "cancelled by " + byUser);
        return b.summary;
    }

    @Override
    public synchronized TriggerResponse trigger(RepositoryName repository, String commit, String branch,
                                                String pipeline, boolean force, TriggerKind kind, String byUser) {
        if (!kind.isOnDemand()) {
            throw new IllegalArgumentException("a person's trigger is MANUAL or CLI, not " + kind);
        }
        if (pipeline != null && !BuildSummary.DEFAULT_PIPELINE.equals(pipeline)) {
            // this model's repositories have ocelot.yml only
            throw UserFacingException.notFound(repository + " has no .ocelot/" + pipeline + ".yml");
        }
        Repo r = repos.get(repository);
        if (r == null || r.branches.isEmpty()) {
            throw UserFacingException.notFound(repository + " has no commits");
        }
        String hash;
        String onBranch;
        if (commit != null) {
            List<String> matches = r.messages.keySet().stream().filter(h -> h.startsWith(commit.toLowerCase())).toList();
            if (matches.isEmpty()) {
                throw UserFacingException.notFound("No commit " + commit + " in " + repository);
            }
            hash = matches.get(0);
            onBranch = r.branches.entrySet().stream().filter(e -> e.getValue().equals(hash)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        } else {
            onBranch = branch != null ? branch : r.branches.keySet().iterator().next();
            hash = r.branches.get(onBranch);
            if (hash == null) {
                throw UserFacingException.notFound("No branch " + branch + " in " + repository);
            }
        }
        String message = r.messages.get(hash);
        if (!force && onBranch != null && r.skipBranches.contains(onBranch)) {
            return new TriggerResponse(null, hash, onBranch, "branch " + onBranch + " is not in the ocelot.yml's branches");
        }
        if (!force && message != null && message.contains("[skip ci]")) {
            return new TriggerResponse(null, hash, onBranch, "the commit message says [skip ci]");
        }
        long id = addBuild(repository, onBranch, hash, message, kind.name(), byUser, get(repository).buildGroup());
        return new TriggerResponse(id, hash, onBranch, null);
    }

    @Override
    public synchronized TriggerResponse rebuild(long buildId, String byUser) {
        BuildSummary s = get(buildId).summary;
        // a rebuild is a person asking again: MANUAL, whatever made the first build
        long id = addBuild(new RepositoryName(s.projectKey(), s.repositorySlug()), s.branch(), s.commit(), s.commitMessage(),
                TriggerKind.MANUAL.name(), byUser, s.group());
        return new TriggerResponse(id, s.commit(), s.branch(), null);
    }

    // ---- RepositorySettingsService ----

    @Override
    public synchronized RepositorySettingsView get(RepositoryName repository) {
        return settings.getOrDefault(repository, RepositorySettingsView.defaults());
    }

    @Override
    public synchronized RepositorySettingsView save(RepositoryName repository, RepositorySettingsView.Change change, String byUser) {
        if (!repos.containsKey(repository)) {
            // as the store adapter: a name Bitbucket does not resolve is refused, not saved for later
            throw UserFacingException.notFound("Repository " + repository + " does not exist.");
        }
        Map<String, String> values = secretValues.computeIfAbsent(repository, k -> new HashMap<>());
        change.removeSecrets().forEach(values::remove);
        values.putAll(change.setSecrets());
        RepositorySettingsView saved = new RepositorySettingsView(change.enabled(), change.werkerLabels(), change.buildTags(),
                change.buildPullRequests(), change.autoCancel(), change.buildGroup(), new TreeSet<>(values.keySet()),
                change.slackWebhooks());
        settings.put(repository, saved);
        version.incrementAndGet();
        return saved;
    }

    @Override
    public synchronized List<RepositoryName> trackedRepositories() {
        return settings.entrySet().stream().filter(e -> e.getValue().enabled()).map(Map.Entry::getKey).toList();
    }

    @Override
    public synchronized boolean autoEnableGlobal() {
        return autoEnableGlobal;
    }

    @Override
    public synchronized void setAutoEnableGlobal(boolean enabled, String byUser) {
        autoEnableGlobal = enabled;
        version.incrementAndGet();
    }

    @Override
    public synchronized Optional<Boolean> autoEnableForProject(String projectKey) {
        return Optional.ofNullable(autoEnableProjects.get(projectKey));
    }

    @Override
    public synchronized void setAutoEnableForProject(String projectKey, Optional<Boolean> enabled, String byUser) {
        if (enabled.isPresent()) {
            autoEnableProjects.put(projectKey, enabled.get());
        } else {
            autoEnableProjects.remove(projectKey);
        }
        version.incrementAndGet();
    }

    // ---- WerkerDirectory ----

    /** Online ones first, as the store's directory lists them. */
    private static final List<String> WERKER_STATE_ORDER = List.of("BUSY", "ONLINE", "OFFLINE", "DISABLED");

    @Override
    public synchronized List<WerkerView> werkers() {
        return werkers.stream().sorted(Comparator.comparing((WerkerView w) -> WERKER_STATE_ORDER.indexOf(w.state()))
                .thenComparing(WerkerView::name)).toList();
    }

    // ---- OcelotAdministration ----

    @Override
    public synchronized RegistrationSecretView registrationSecret() {
        return new RegistrationSecretView(registrationSecretSetAt != null, registrationSecretSetAt, null);
    }

    @Override
    public synchronized RegistrationSecretView rotateRegistrationSecret(String byUser) {
        registrationSecretSetAt = clock;
        version.incrementAndGet();
        return new RegistrationSecretView(true, clock, "ocr_in-memory-" + version.get());
    }

    @Override
    public synchronized CloneCredentialView cloneCredential() {
        return cloneCredential;
    }

    @Override
    public synchronized void setCloneCredential(CloneCredentialRequest in, String byUser) {
        if (!CloneCredentialRequest.HTTP.equals(in.kind()) && !CloneCredentialRequest.SSH.equals(in.kind())) {
            throw UserFacingException.badRequest("kind: '" + in.kind() + "' is unknown");
        }
        cloneCredential = new CloneCredentialView(true, in.kind(), in.username(), clock, in.urlTemplate());
        cloneSecret = in.kind().equals(CloneCredentialRequest.HTTP) ? in.token() : in.privateKey();
        version.incrementAndGet();
    }

    @Override
    public synchronized void clearCloneCredential(String byUser) {
        cloneCredential = new CloneCredentialView(false, null, null, null, null);
        version.incrementAndGet();
    }

    /** The stored clone secret (token or key), for assertions. */
    public synchronized String cloneSecret() {
        return cloneSecret;
    }

    /** The stored registry password of {@code host}, for assertions. */
    public synchronized String registryPassword(String host) {
        String[] c = registryCredentials.get(host);
        return c == null ? null : c[1];
    }

    @Override
    public synchronized List<io.ocelot.core.api.RegistryCredentialView> registryCredentials() {
        List<io.ocelot.core.api.RegistryCredentialView> out = new ArrayList<>();
        registryCredentials.forEach((host, c) -> out.add(new io.ocelot.core.api.RegistryCredentialView(host, c[0], Long.valueOf(c[2]))));
        return out;
    }

    @Override
    public synchronized void setRegistryCredential(io.ocelot.core.api.RegistryCredentialRequest in, String byUser) {
        if (in.host() == null || in.host().isBlank() || in.host().contains("/")) {
            throw UserFacingException.badRequest("host: '" + in.host() + "' is not a registry host");
        }
        if (in.username() == null || in.username().isBlank() || in.password() == null || in.password().isBlank()) {
            throw UserFacingException.badRequest("username and password: both are needed");
        }
        registryCredentials.put(in.host().strip(), new String[]{in.username().strip(), in.password(), Long.toString(clock)});
        version.incrementAndGet();
    }

    @Override
    public synchronized boolean removeRegistryCredential(String host, String byUser) {
        boolean removed = registryCredentials.remove(host) != null;
        if (removed) {
            version.incrementAndGet();
        }
        return removed;
    }

    @Override
    public synchronized boolean revokeWerker(long werkerId, String byUser) {
        for (int i = 0; i < werkers.size(); i++) {
            WerkerView w = werkers.get(i);
            if (w.id() == werkerId) {
                werkers.set(i, new WerkerView(w.id(), w.name(), w.labels(), "DISABLED", w.maxBuilds(), w.runningBuilds(),
                        w.lastSeenAt(), w.version()));
                version.incrementAndGet();
                return true;
            }
        }
        return false;
    }

    // ---- NotificationLog ----

    @Override
    public synchronized void record(long buildId, NotificationView outcome) {
        get(buildId).notifications.add(outcome);
        version.incrementAndGet();
    }

    /** The whole log as text (for assertions). */
    public synchronized String logText(long id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        get(id).log.forEach(c -> out.writeBytes(c.data()));
        return out.toString(StandardCharsets.UTF_8);
    }


    /** This world's builds are made directly, never from Bitbucket events: no trigger is ever pending. */
    @Override
    public List<TriggerView> ofRepositories(Collection<RepositoryName> repositories, int limit) {
        return List.of();
    }

    @Override
    public List<TriggerView> byCommitPrefix(String hashPrefix, int limit) {
        return List.of();
    }
}
