package io.ocelot.plugin.trigger;

import io.ocelot.core.lang.Abbreviate;
import io.ocelot.core.plan.BuildEvent;
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
import java.util.Optional;

/**
 * From a trigger to a stored build: enabled (or, never configured, switched on by the auto-enable default once an
 * ocelot.yml is there)? → ocelot.yml at the commit → changeset → plan → {@link BuildQueue#enqueue} (idempotent;
 * it publishes the INPROGRESS status, wakes the pollers and, with auto-cancel, cancels the branch's or PR's older
 * builds). An invalid ocelot.yml
 * is recorded as a FAILED build whose message lists the errors, with a FAILED status, so the author sees it; so is
 * a file that cannot be planned for this event, and a planner that fails in any way (even StackOverflowError or
 * OutOfMemoryError on a hostile file): a push never vanishes. {@link #recordFailure} does the same for a trigger
 * that failed anywhere else ({@link TriggerQueue} calls it).
 */
@Named
public class BuildTriggerService {
    public static final String FILE_NAME = "ocelot.yml";
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
        Optional<byte[]> file = files.read(repo, t.commit(), FILE_NAME);
        if (file.isEmpty()) {
            return new TriggerOutcome(TriggerOutcome.Kind.NO_PIPELINE, null, "no " + FILE_NAME + " at " + t.commit());
        }
        if (autoEnabling) {
            settings.save(s);
            log.info("Ocelot switched itself on for {}: an {} appeared at {} and auto-enable is on for project {}",
                    repo, FILE_NAME, t.commit(), repo.projectKey());
        }
        Changeset changes = changesets.between(repo, t.since(), t.commit());
        // The build has no id yet: the store sets BUILD_ID on the plan when it creates the build.
        BuildEvent event = TriggerEvents.eventOf(t, changes);
        PlanOutcome planned = planSafely(file.get(), event);
        if (planned instanceof PlanOutcome.NoBuild nb) {
            // reasons name the branch and the file's patterns: both are cut short so a hostile push cannot flood the log
            log.info("Ocelot: no build for {} {} at {}: {}", repo, Abbreviate.text(t.branch()), t.commit(),
                    Abbreviate.text(nb.reason()));
            return TriggerOutcome.skipped(nb.reason());
        }
        // Both changeset adapters list commits newest first: the first message is the built commit's.
        String message = changes.messages().isEmpty() ? null : changes.messages().get(0);
        NewBuild request;
        if (planned instanceof PlanOutcome.Planned p) {
            request = newBuild(t, p.plan().pipeline(), p.plan(), null, message, s);
        } else if (planned instanceof PlanOutcome.Failed f) {
            request = newBuild(t, BuildPlan.DEFAULT_PIPELINE, null, "Ocelot could not plan this build:\n" + f.reason(),
                    message, s);
        } else {
            request = newBuild(t, BuildPlan.DEFAULT_PIPELINE, null,
                    FILE_NAME + " is invalid:\n" + String.join("\n", ((PlanOutcome.Invalid) planned).errors()), message, s);
        }
        return store(request, s);
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

    /** The planner on a hostile file may fail in any way; that is the file's build failing, not the trigger. */
    private PlanOutcome planSafely(byte[] content, BuildEvent event) {
        try {
            return planner.plan(FILE_NAME, content, event);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            log.error("Ocelot could not plan {} at {}", FILE_NAME, event.commit(), e);
            return new PlanOutcome.Failed("planning " + FILE_NAME + " failed (" + describe(e) + ")");
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
