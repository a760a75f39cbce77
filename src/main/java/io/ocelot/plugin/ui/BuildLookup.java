package io.ocelot.plugin.ui;

import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.StatusReply;
import io.ocelot.core.api.TriggerView;
import io.ocelot.core.api.UserApi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds builds the way users name them, checking the current user's permission on the way; shared by every REST
 * endpoint and page so they all answer alike. A reference is "PROJECT/repo", a tracked repository's bare slug, or a
 * commit-hash prefix (4–40 hex digits). A slug wins over a hash when both could match (a repository named "cafe").
 */
public final class BuildLookup {
    private static final Pattern HASH_PREFIX = Pattern.compile("[0-9a-fA-F]{4,40}");
    private static final int PREFIX_SCAN = 500;

    private final AccessGuard guard;
    private final BuildReadModel builds;
    private final RepositorySettingsService settings;
    private final TriggerReadModel triggers;

    /** For looking builds up by id ({@link #build}); {@link #status} then lists no triggers. */
    public BuildLookup(AccessGuard guard, BuildReadModel builds, RepositorySettingsService settings) {
        this(guard, builds, null, settings);
    }

    public BuildLookup(AccessGuard guard, BuildReadModel builds, TriggerReadModel triggers,
                       RepositorySettingsService settings) {
        this.guard = guard;
        this.builds = builds;
        this.triggers = triggers;
        this.settings = settings;
    }

    /** A build the current user may act on with {@code permission}, in a tracked repository. */
    public BuildDetail build(long buildId, RepoPermission permission) {
        guard.requireUser();
        BuildDetail detail = builds.build(buildId).orElse(null);
        RepositoryName repo = detail == null ? null
                : new RepositoryName(detail.build().projectKey(), detail.build().repositorySlug());
        if (detail == null || !guard.canRead(repo)) {
            // one answer for "no such build" and "not yours to see": build ids do not reveal repositories
            throw UserFacingException.notFound("Build " + buildId + " does not exist or you do not have permission to see it.");
        }
        guard.requireTracked(repo, permission);
        return detail;
    }

    /** {@code GET /status?ref=}. */
    public StatusReply status(String ref, int limit) {
        guard.requireUser();
        String r = ref == null ? "" : ref.trim();
        if (r.isEmpty()) {
            throw UserFacingException.badRequest("say which repository (PROJECT/repo or slug) or commit (hash prefix)");
        }
        int slash = r.indexOf('/');
        if (slash >= 0) {
            RepositoryName repo = RepositoryName.parse(r.substring(0, slash), r.substring(slash + 1));
            return repositoryStatus(repo, limit);
        }
        List<RepositoryName> bySlug = settings.trackedRepositories().stream()
                .filter(t -> t.slug().equalsIgnoreCase(r) && guard.canRead(t))
                .sorted(Comparator.comparing(RepositoryName::toString))
                .toList();
        if (bySlug.size() > 1) {
            throw new UserFacingException(UserFacingException.Kind.CONFLICT,
                    "'" + r + "' names " + bySlug.size() + " repositories; say PROJECT/" + r,
                    bySlug.stream().map(RepositoryName::toString).toList());
        }
        if (bySlug.size() == 1) {
            return repositoryStatus(bySlug.get(0), limit);
        }
        if (HASH_PREFIX.matcher(r).matches()) {
            return commitStatus(r.toLowerCase(Locale.ROOT), limit);
        }
        throw UserFacingException.notFound("'" + r + "' is neither PROJECT/repo, the slug of a tracked repository you can see, nor a commit hash");
    }

    private StatusReply repositoryStatus(RepositoryName repo, int limit) {
        guard.requireTracked(repo, RepoPermission.REPO_READ);
        return new StatusReply(repo.toString(), null, builds.recentBuilds(List.of(repo), BuildFilter.NONE, limit),
                triggers == null ? List.of() : triggers.ofRepositories(List.of(repo), limit));
    }

    private StatusReply commitStatus(String prefix, int limit) {
        List<BuildSummary> visible = new ArrayList<>();
        RepositoryName untracked = null;
        for (BuildSummary b : builds.buildsByCommitPrefix(prefix, PREFIX_SCAN)) {
            RepositoryName repo = new RepositoryName(b.projectKey(), b.repositorySlug());
            if (guard.canRead(repo)) {
                if (settings.get(repo).enabled()) {
                    visible.add(b);
                } else if (untracked == null) {
                    untracked = repo;
                }
            }
        }
        if (visible.isEmpty() && untracked != null) {
            guard.requireTracked(untracked); // the one "not tracked" answer, as everywhere else
        }
        List<TriggerView> waiting = triggers == null ? List.of() : triggers.byCommitPrefix(prefix, PREFIX_SCAN).stream()
                .filter(t -> {
                    RepositoryName repo = new RepositoryName(t.projectKey(), t.repositorySlug());
                    return guard.canRead(repo) && settings.get(repo).enabled();
                }).toList();
        if (visible.isEmpty() && !waiting.isEmpty()) {
            // a push not yet (or never) turned into a build still answers for its commit
            TriggerView first = waiting.get(0);
            List<TriggerView> same = waiting.stream().filter(t -> t.repository().equals(first.repository())
                    && t.commit().equals(first.commit())).toList();
            return new StatusReply(first.repository(), first.commit(), List.of(),
                    same.subList(0, Math.min(limit, same.size())));
        }
        if (visible.isEmpty()) {
            throw UserFacingException.notFound("No build of a commit starting with " + prefix + " in a repository you can see.");
        }
        Set<String> repos = new LinkedHashSet<>();
        Set<String> commits = new LinkedHashSet<>();
        visible.forEach(b -> {
            repos.add(b.repository());
            commits.add(b.commit());
        });
        if (repos.size() > 1) {
            throw new UserFacingException(UserFacingException.Kind.CONFLICT,
                    "Commit prefix " + prefix + " is ambiguous: it matches builds in " + repos.size() + " repositories",
                    List.copyOf(repos));
        }
        if (commits.size() > 1) {
            throw new UserFacingException(UserFacingException.Kind.CONFLICT,
                    "Commit prefix " + prefix + " is ambiguous: it matches " + commits.size() + " commits; give more digits",
                    List.copyOf(commits));
        }
        String repository = repos.iterator().next();
        String commit = commits.iterator().next();
        List<TriggerView> ofCommit = waiting.stream()
                .filter(t -> t.repository().equals(repository) && t.commit().equals(commit)).toList();
        return new StatusReply(repository, commit, visible.subList(0, Math.min(limit, visible.size())),
                ofCommit.subList(0, Math.min(limit, ofCommit.size())));
    }

    /** Checks a list size a user asked for. */
    public static int limit(Integer asked) {
        int limit = asked == null ? UserApi.DEFAULT_LIMIT : asked;
        if (limit < 1 || limit > UserApi.MAX_LIMIT) {
            throw UserFacingException.badRequest("limit must be between 1 and " + UserApi.MAX_LIMIT + ", not " + limit);
        }
        return limit;
    }
}
