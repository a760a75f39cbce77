package io.ocelot.cli;

import io.ocelot.core.Json;
import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineFiles;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.BuildEvent;
import io.ocelot.core.plan.Decision;
import io.ocelot.core.plan.Planner;
import io.ocelot.core.plan.PullRequestScope;
import io.ocelot.core.plan.TriggerKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code ocelot plan}: the build plan (the JSON a werker receives) that an event would produce, through the very
 * planner the plugin calls, or the reason there would be no build. For checking branch filters, triggers and the
 * resolved environment without pushing: of a push ({@code --branch}), of a pull request ({@code --trigger pr} with
 * {@code --target-branch} and {@code --pr-id}: filtered by its target, merged into it, with the PR variables) or of
 * a pushed tag ({@code --tag}: filtered by {@code tags}, with GIT_TAG). Given a directory, every pipeline in it is
 * planned: a JSON list of the plans that would build on stdout, each naming its {@code pipeline}, and a
 * {@code no build} line on stderr for each of the others.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the build plan (JSON) an event would produce, or why there is no build; for a directory, "
                + "a JSON list of the plans of its pipelines that would build.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:a build would run; its plan is printed (for a directory: at least one)",
                "1:no build (the reason is printed) or a file has errors",
                "2:usage error, or the file cannot be read"})
public final class PlanCommand implements Callable<Integer> {
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

    /** The trigger names users type; each maps to the kind the plugin records. */
    enum Trigger {
        push(TriggerKind.PUSH), pr(TriggerKind.PULL_REQUEST), manual(TriggerKind.MANUAL);

        final TriggerKind kind;

        Trigger(TriggerKind kind) {
            this.kind = kind;
        }
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|DIR", defaultValue = PipelineInput.DEFAULT_FILE,
            description = "The pipeline file, or a project directory with ocelot.yml and/or .ocelot/*.yml "
                    + "(default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--branch", paramLabel = "BRANCH",
            description = "The branch pushed to (for --trigger pr: the pull request's source branch).")
    String branch;

    @Option(names = "--tag", paramLabel = "TAG", description = "Plan the push of this tag instead of a branch.")
    String tag;

    @Option(names = "--target-branch", paramLabel = "BRANCH",
            description = "With --trigger pr: the branch the pull request merges into (what 'branches' is matched against).")
    String targetBranch;

    @Option(names = "--target-commit", paramLabel = "SHA", defaultValue = ValidateCommand.NO_COMMIT,
            description = "With --trigger pr: the target branch's tip the build merges into (default: forty zeros).")
    String targetCommit;

    @Option(names = "--pr-id", paramLabel = "N", description = "With --trigger pr: the pull request's number.")
    Long prId;

    @Option(names = "--message", paramLabel = "MESSAGE",
            description = "A pushed commit's message (repeat for several); used by \\text triggers and [skip ci].")
    List<String> messages = new ArrayList<>();

    @Option(names = "--changed", paramLabel = "PATH",
            description = "A changed path (repeat for several); used by \\filepath triggers.")
    List<String> changed = new ArrayList<>();

    @Option(names = "--trigger", paramLabel = "KIND", defaultValue = "push",
            description = "What caused the build: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Trigger trigger;

    @Option(names = "--commit", paramLabel = "SHA", defaultValue = ValidateCommand.NO_COMMIT,
            description = "The commit to build (default: forty zeros).")
    String commit;

    @Option(names = "--force", description = "Build even if the branch filter or [skip ci] says not to, as a manual trigger can.")
    boolean force;

    @Spec
    CommandSpec spec;

    /** The event the options describe; a combination that describes none is a usage error. */
    private BuildEvent event() {
        boolean pr = trigger == Trigger.pr;
        if (tag != null && (branch != null || pr)) {
            throw usage("--tag plans the push of a tag: give it without --branch and without --trigger pr");
        }
        if (tag == null && branch == null) {
            throw usage("give --branch BRANCH (the branch pushed to, or the pull request's source) or --tag TAG");
        }
        if (!pr && (targetBranch != null || prId != null)) {
            throw usage("--target-branch and --pr-id describe a pull request: add --trigger pr");
        }
        if (tag != null) {
            return new BuildEvent(tag, commit, messages, changed, trigger.kind, force, 0, null, tag);
        }
        if (!pr) {
            return new BuildEvent(branch, commit, messages, changed, trigger.kind, force, 0);
        }
        if (targetBranch == null || prId == null) {
            throw usage("--trigger pr needs --target-branch BRANCH and --pr-id N");
        }
        if (prId <= 0) {
            throw usage("--pr-id: expected a pull request number (1 or more), found " + prId);
        }
        if (!SHA.matcher(targetCommit).matches()) {
            throw usage("--target-commit: expected a hexadecimal commit id, found '" + targetCommit + "'");
        }
        return new BuildEvent(branch, commit, messages, changed, trigger.kind, force, 0,
                new PullRequestScope(prId, branch, targetBranch, targetCommit), null);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        if (!SHA.matcher(commit).matches()) {
            throw new ParameterException(spec.commandLine(), "--commit: expected a hexadecimal commit id, found '" + commit + "'");
        }
        BuildEvent event = event();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (Files.isDirectory(file)) {
                return directory(event, out, err);
            }
            ParseResult r = PipelineInput.read("plan", file, err);
            if (r == null) {
                return Main.EXIT_USAGE;
            }
            if (!r.isValid()) {
                return Main.EXIT_FAILED;
            }
            Decision d = new Planner().plan(PipelineInput.pipelineName(file), r.pipeline(), event);
            if (!d.shouldBuild()) {
                out.println("no build: " + d.reason());
                return Main.EXIT_FAILED;
            }
            out.println(Json.writePretty(d.plan()));
            return Main.EXIT_OK;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Stdout stays one JSON document (a list, maybe empty) so scripts can read it; the reasons go to stderr. */
    private int directory(BuildEvent event, PrintWriter out, PrintWriter err) {
        PipelineFiles all = PipelineDirectory.read("plan", file, err);
        if (all == null) {
            return Main.EXIT_USAGE;
        }
        if (!all.isValid()) {
            return Main.EXIT_FAILED;
        }
        List<BuildPlan> plans = new ArrayList<>();
        for (PipelineFiles.Pipeline p : all.pipelines()) {
            Decision d = new Planner().plan(p.name(), p.file(), event);
            if (d.shouldBuild()) {
                plans.add(d.plan());
            } else {
                err.println("pipeline " + p.name() + " (" + file.resolve(p.path()) + "): no build: " + d.reason());
            }
        }
        out.println(Json.writePretty(plans));
        return plans.isEmpty() ? Main.EXIT_FAILED : Main.EXIT_OK;
    }
}
