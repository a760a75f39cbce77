package io.ocelot.plugin.trigger;

import io.ocelot.core.lang.Abbreviate;
import io.ocelot.core.plan.BuildEvent;
import io.ocelot.core.plan.ChangedPaths;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.build.Build;
import io.ocelot.plugin.build.NewBuild;
import io.ocelot.plugin.repo.Changeset;
import io.ocelot.plugin.repo.Changesets;
import io.ocelot.plugin.repo.RepositoryFiles;
import io.ocelot.plugin.repo.RepositoryRef;
import io.ocelot.plugin.repo.RepositorySettings;
import io.ocelot.plugin.repo.RepositorySettingsStore;
import io.ocelot.plugin.queue.BuildQueue;
import io.ocelot.plugin.store.AutoEnableStore;
import io.ocelot.plugin.store.BuildStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * From a trigger to stored builds: enabled (or, never configured, switched on by the auto-enable default once a
 * pipeline file is there)? → the pipeline files at the commit ({@code ocelot.yml} and {@code .ocelot/*.yml},
 * {@link PipelineFiles}) → changeset → plan each → one {@link BuildQueue#enqueue} per pipeline that builds (idempotent,
 * the pipeline being part of the build's identity; it publishes the pipeline's INPROGRESS status, wakes the pollers
 * and, with auto-cancel, cancels the branch's or PR's older builds of the same pipeline). An invalid pipeline file
 * is recorded as that pipeline's FAILED build whose message lists the errors (file:line:column), with a FAILED
 * status, so the author sees it; so is a badly named file in {@code .ocelot/}, a file that cannot be planned for
 * this event, and a planner that fails in any way (even StackOverflowError or OutOfMemoryError on a hostile file):
 * a push never vanishes, and one pipeline's failure leaves the others alone. {@link #recordFailure} does the same for a trigger
 * that failed anywhere else ({@link TriggerQueue} calls it).
 */
@Named
public class BuildTriggerService {
    public static final String FILE_NAME = PipelineNames.DEFAULT_FILE;
    private static final Logger log = LoggerFactory.getLogger(BuildTriggerService.class);

    private final RepositorySettingsStore settings;
    private final AutoEnableStore autoEnable;
    private final RepositoryFiles files;
    private final Changesets changesets;
    private final BuildPlanner planner;
    private final BuildQueue queue;

    @Inject
    public BuildTriggerService(RepositorySettingsStore settings, AutoEnableStore autoEnable, RepositoryFiles files,
                               Changesets changesets,
                               BuildPlanner planner, BuildQueue queue) {
        this.settings = settings;
        this.autoEnable = autoEnable;
        this.files = files;
        this.changesets = changesets;
        this.planner = planner;
        this.queue = queue;
    }

    public TriggerOutcome handle(TriggerRequest t) {
        RepositoryRef repo = t.repository();
        Optional<RepositorySettings> saved = settings.find(repo);
        boolean autoEnabling = autoEnabling(t, saved);
        RepositorySettings s = effective(t, saved);
        if (!s.enabled()) {
            return TriggerOutcome.skipped("Ocelot is not enabled for " + repo);
        }
        if (t.kind() == TriggerKind.PULL_REQUEST && !s.buildPullRequests()) {
            return TriggerOutcome.skipped("pull-request builds are off for " + repo);
        }
        if (t.tag() && !s.buildTags()) {
            return TriggerOutcome.skipped("tag builds are off for " + repo);
        }
        List<PipelineSource> files = PipelineFiles.at(this.files, repo, t.commit(), t.pipeline());
        if (files.isEmpty()) {
            return new TriggerOutcome(TriggerOutcome.Kind.NO_PIPELINE, null, "no "
                    + (t.pipeline() == null ? FILE_NAME + " or " + PipelineNames.DIRECTORY + "/*" + PipelineNames.EXTENSION
                    : PipelineNames.pathOf(t.pipeline())) + " at " + t.commit());
        }
        if (autoEnabling) {
            settings.save(s);
            log.info("Ocelot switched itself on for {}: {} appeared at {} and auto-enable is on for project {}",
                    repo, files.get(0).path(), t.commit(), repo.projectKey());
        }
        Changeset changes = changesets.between(repo, t.since(), t.commit());
        // The build has no id yet: the store sets BUILD_ID on the plan when it creates the build.
        BuildEvent event = TriggerEvents.eventOf(t, changes);
        Map<String, PlanOutcome> planned = planSafely(files.stream().filter(f -> f.problem() == null).toList(), event);
        // Both changeset adapters list commits newest first: the first message is the built commit's.
        String message = changes.messages().isEmpty() ? null : changes.messages().get(0);
        List<TriggerOutcome.PipelineOutcome> each = new ArrayList<>();
        for (PipelineSource f : files) {
            each.add(handleOne(t, f, f.problem() != null ? null : planned.get(f.pipeline()), message, s));
        }
        return TriggerOutcome.of(each);
    }

    /**
     * One pipeline of the trigger: its build, or why none. A pipeline's failure (invalid file, badly named file,
     * planning failed) is that pipeline's failed build; the others are planned and built as if it were not there.
     */
    private TriggerOutcome.PipelineOutcome handleOne(TriggerRequest t, PipelineSource f, PlanOutcome planned,
                                                     String message, RepositorySettings s) {
        String pipeline = f.pipeline();
        if (planned instanceof PlanOutcome.NoBuild nb) {
            // reasons name the branch and the file's patterns: both are cut short so a hostile push cannot flood the log
            log.info("Ocelot: no build of {} for {} {} at {}: {}", Abbreviate.text(pipeline), t.repository(),
                    Abbreviate.text(t.branch()), t.commit(), Abbreviate.text(nb.reason()));
            return new TriggerOutcome.PipelineOutcome(pipeline, TriggerOutcome.Kind.SKIPPED, null, nb.reason());
        }
        NewBuild request;
        if (f.problem() != null) {
            request = newBuild(t, pipeline, null, f.path() + " is not a pipeline file:\n" + f.path() + ": "
                    + f.problem(), message, s);
        } else if (planned instanceof PlanOutcome.Planned p) {
            request = newBuild(t, pipeline, p.plan(), null, message, s);
        } else if (planned instanceof PlanOutcome.Failed fail) {
            request = newBuild(t, pipeline, null, "Ocelot could not plan this build:\n" + fail.reason(), message, s);
        } else if (planned instanceof PlanOutcome.Invalid invalid) {
            request = newBuild(t, pipeline, null, f.path() + " is invalid:\n" + String.join("\n", invalid.errors()),
                    message, s);
        } else {
            request = newBuild(t, pipeline, null, "Ocelot could not plan this build:\nno plan for " + f.path(),
                    message, s);
        }
        TriggerOutcome stored = store(request, s);
        return new TriggerOutcome.PipelineOutcome(pipeline, stored.kind(), stored.build(), stored.reason());
    }

    /**
     * Records a trigger given up after {@code attempts} (Bitbucket's content or commit service failing, a bug) as a
     * FAILED build with the reason and a FAILED status on the commit, so the push is visible where builds are and can
     * be rebuilt by hand, rather than only in the triggers list. Nothing when the repository is not enabled.
     * Repeating it for the same trigger finds the build already recorded (the build identity), and a build the
     * trigger did make before it failed stays as it is.
     */
    public TriggerOutcome recordFailure(TriggerRequest t, String reason, int attempts) {
        RepositorySettings s = effective(t, settings.find(t.repository()));
        if (!s.enabled()) {
            return TriggerOutcome.skipped("Ocelot is not enabled for " + t.repository());
        }
        return store(newBuild(t, BuildPlan.DEFAULT_PIPELINE, null, "Ocelot gave up on this "
                + (t.kind() == TriggerKind.PULL_REQUEST ? "pull request" : "push") + " after " + attempts
                + " attempts: " + Abbreviate.text(reason) + "\nThe cause is in Bitbucket's log; rebuild once it is fixed.",
                null, s), s);
    }

    /**
     * The planner on a hostile file may fail in any way; that is the files' builds failing, not the trigger. One
     * call plans them all (the set is read as one), so such a failure fails each of them with the reason.
     */
    private Map<String, PlanOutcome> planSafely(List<PipelineSource> files, BuildEvent event) {
        if (files.isEmpty()) {
            return Map.of();
        }
        try {
            return planner.planAll(files, event);
        } catch (ChangedPaths.Unavailable e) {
            throw e.reason(); // Bitbucket failing, not the file: the trigger is retried as any such failure
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            String names = files.stream().map(PipelineSource::path).collect(Collectors.joining(", "));
            log.error("Ocelot could not plan {} at {}", names, event.commit(), e);
            Map<String, PlanOutcome> failed = new LinkedHashMap<>();
            for (PipelineSource f : files) {
                failed.put(f.pipeline(), new PlanOutcome.Failed("planning " + f.path() + " failed (" + describe(e) + ")"));
            }
            return failed;
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + Abbreviate.text(m));
    }

    /** A repository nobody configured follows the auto-enable default; an explicit "off" always stays off. */
    private boolean autoEnabling(TriggerRequest t, Optional<RepositorySettings> saved) {
        return saved.isEmpty() && !t.kind().isOnDemand() && autoEnable.appliesTo(t.repository().projectKey());
    }

    private RepositorySettings effective(TriggerRequest t, Optional<RepositorySettings> saved) {
        return autoEnabling(t, saved) ? RepositorySettings.enabledWithDefaults(t.repository())
                : saved.orElseGet(() -> RepositorySettings.disabled(t.repository()));
    }

    private TriggerOutcome store(NewBuild request, RepositorySettings s) {
        BuildStore.Created created = queue.enqueue(request, s.autoCancel());
        Build build = created.build();
        if (!created.created()) {
            return new TriggerOutcome(TriggerOutcome.Kind.EXISTING, build, "already built");
        }
        return new TriggerOutcome(TriggerOutcome.Kind.CREATED, build, null);
    }

    private static NewBuild newBuild(TriggerRequest t, String pipeline, BuildPlan plan, String failure, String message,
                                     RepositorySettings s) {
        return new NewBuild(t.repository(), t.branch(), t.ref(), t.commit(), pipeline, t.kind(), t.prId(), t.user(),
                plan, failure, message, s.buildGroup(), s.werkerLabels(), t.fromFork());
    }
}
