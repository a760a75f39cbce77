package io.ocelot.cli;

import io.ocelot.core.Json;
import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.plan.BuildEvent;
import io.ocelot.core.plan.Decision;
import io.ocelot.core.plan.Planner;
import io.ocelot.core.plan.TriggerKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code ocelot plan}: the build plan (the JSON a werker receives) that an event would produce, through the very
 * planner the plugin calls, or the reason there would be no build. For checking branch filters, triggers and the
 * resolved environment without pushing.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the build plan (JSON) an event would produce, or why there is no build.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:a build would run; its plan is printed", "1:no build (the reason is printed) or the file has errors",
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

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = PipelineInput.DEFAULT_FILE,
            description = "The pipeline file (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--branch", required = true, paramLabel = "BRANCH", description = "The branch pushed to.")
    String branch;

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

    @Override
    public Integer call() {
        if (!SHA.matcher(commit).matches()) {
            throw new ParameterException(spec.commandLine(), "--commit: expected a hexadecimal commit id, found '" + commit + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ParseResult r = PipelineInput.read("plan", file, err);
            if (r == null) {
                return Main.EXIT_USAGE;
            }
            if (!r.isValid()) {
                return Main.EXIT_FAILED;
            }
            BuildEvent event = new BuildEvent(branch, commit, messages, changed, trigger.kind, force, 0);
            Decision d = new Planner().plan(r.pipeline(), event);
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
}
