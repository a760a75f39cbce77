package io.ocelot.plugin.uistore;

import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.TestCounts;
import io.ocelot.core.build.BuildResult;
import io.ocelot.core.build.TestReport;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.BuildState;
import io.ocelot.plugin.build.BuildViews;
import io.ocelot.plugin.build.LogChunk;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.TestResultStore;
import io.ocelot.plugin.store.LogStore;
import io.ocelot.plugin.store.NotificationStore;
import io.ocelot.plugin.store.WerkerStore;
import io.ocelot.plugin.ui.BuildFilter;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.UserFacingException;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link BuildReadModel} over the AO store. The log is the current attempt's unless an earlier one is asked for; past the log cap the stored banner is
 * served as if it stood at the offset where storing stopped, and the log's length ends after it, so a reader
 * following offsets sees the banner once and then the end.
 */
@Named
public class StoreBuildReadModel implements BuildReadModel {
    private static final int CHUNKS_PER_READ = 64;
    private final BuildStore builds;
    private final LogStore logs;
    private final WerkerStore werkers;
    private final NotificationStore notifications;
    private final RepositoryNames names;
    private final TestResultStore tests;

    @Inject
    public StoreBuildReadModel(BuildStore builds, LogStore logs, WerkerStore werkers, NotificationStore notifications,
                               RepositoryNames names, TestResultStore tests) {
        this.tests = tests;
        this.builds = builds;
        this.logs = logs;
        this.werkers = werkers;
        this.notifications = notifications;
        this.names = names;
    }

    @Override
    public List<BuildSummary> recentBuilds(Collection<RepositoryName> repositories, BuildFilter filter, int limit) {
        List<Integer> ids = repositories.stream().map(names::resolve).flatMap(Optional::stream)
                .map(RepositoryRef::id).distinct().toList();
        BuildState state = null;
        BuildResult outcome = null;
        if (filter.state() == ApiBuildState.QUEUED) {
            state = BuildState.QUEUED;
        } else if (filter.state() == ApiBuildState.RUNNING) {
            state = BuildState.RUNNING;
        } else if (filter.state() != null) {
            outcome = BuildResult.valueOf(filter.state().name());
        }
        return summaries(builds.search(ids, filter.branch(), state, outcome, filter.group(), limit));
    }

    @Override
    public List<BuildSummary> buildsByCommitPrefix(String hashPrefix, int limit) {
        return summaries(builds.byCommitPrefix(hashPrefix, limit));
    }

    @Override
    public Optional<BuildDetail> build(long buildId) {
        return builds.find(buildId).map(b -> {
            TestReport t = tests.total(buildId);
            return new BuildDetail(summaries(List.of(b)).get(0),
                    builds.stages(buildId).stream().map(s -> BuildViews.stage(s, b.plan())).toList(), BuildViews.endMessage(b),
                    logLength(b), notifications.of(buildId), b.attempt(),
                    t == null ? null : new TestCounts(t.passed(), t.failed(), t.skipped()),
                    t == null ? List.of() : t.failures());
        });
    }

    /** The current attempt's contiguous log length, the cap banner included. */
    private long logLength(Build b) {
        return b.logCapped() ? logs.capBanner(b.id(), b.attempt()).map(c -> c.start() + c.data().length)
                .orElse(b.logLength()) : b.logLength();
    }

    @Override
    public LogSlice log(long buildId, int askedAttempt, long offset, int maxBytes) {
        Build b = builds.find(buildId).orElseThrow(() -> UserFacingException.notFound("Build " + buildId + " does not exist."));
        if (askedAttempt < 0 || askedAttempt > b.attempt()) {
            throw UserFacingException.badRequest("build " + buildId + " has no attempt " + askedAttempt + " (attempts: "
                    + (b.attempt() == 0 ? "none yet" : "1 to " + b.attempt()) + ")");
        }
        int attempt = askedAttempt == 0 ? b.attempt() : askedAttempt;
        if (attempt == 0) {
            return new LogSlice(List.of(), 0, b.isFinished()); // never leased: no log yet
        }
        boolean current = attempt == b.attempt();
        // an earlier attempt's length is no longer on the build row: its stored chunks say where it ended
        Optional<LogChunk> banner = !current || b.logCapped() ? logs.capBanner(buildId, attempt) : Optional.empty();
        long length = banner.map(c -> c.start() + c.data().length)
                .orElseGet(() -> current ? b.logLength() : logs.storedEnd(buildId, attempt));
        List<RawChunk> out = new ArrayList<>();
        long pos = offset;
        long budget = maxBytes;
        read:
        while (budget > 0 && pos < length) {
            if (banner.isPresent() && pos >= banner.get().start()) {
                LogChunk c = banner.get();
                int skip = (int) (pos - c.start());
                int n = (int) Math.min(budget, c.data().length - skip);
                out.add(new RawChunk(pos, c.stage(), c.stream().name(), Arrays.copyOfRange(c.data(), skip, skip + n)));
                break;
            }
            boolean progressed = false;
            for (LogChunk c : logs.read(buildId, attempt, pos, CHUNKS_PER_READ)) {
                if (c.start() == c.end()) {
                    continue; // the banner, served above once the stored bytes are read
                }
                if (c.start() != pos) {
                    break read; // not held contiguously (cannot happen: the store keeps a prefix)
                }
                int n = (int) Math.min(budget, c.data().length);
                out.add(new RawChunk(c.start(), c.stage(), c.stream().name(),
                        n == c.data().length ? c.data() : Arrays.copyOf(c.data(), n)));
                pos += n;
                budget -= n;
                progressed = true;
                if (budget <= 0) {
                    break;
                }
            }
            if (!progressed) {
                break;
            }
        }
        return new LogSlice(out, length, !current || b.isFinished());
    }

    private List<BuildSummary> summaries(List<Build> list) {
        Map<Long, String> werkerNames = list.stream().anyMatch(b -> b.werkerId() != 0)
                ? werkers.all().stream().collect(Collectors.toMap(Werker::id, Werker::name)) : Map.of();
        return list.stream().map(b -> BuildViews.summary(b, werkerNames.get(b.werkerId()))).toList();
    }
}
