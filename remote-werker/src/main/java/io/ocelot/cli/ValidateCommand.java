package io.ocelot.cli;

import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineFile;
import io.ocelot.core.lang.PipelineFiles;
import io.ocelot.core.plan.BuildEvent;
import io.ocelot.core.plan.Decision;
import io.ocelot.core.plan.Planner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ocelot validate [FILE|DIR] [--branch B]}: every problem of an ocelot.yml as FILE:LINE:COLUMN lines on
 * stderr (exit 1), or a one-line confirmation (exit 0). Given a directory, every pipeline file in it
 * ({@code ocelot.yml} and {@code .ocelot/*.yml}), each problem naming its own file. With {@code --branch}, also
 * whether a push to that branch would build, decided by the same planner the plugin runs.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check an ocelot.yml, or every pipeline file of a directory (ocelot.yml and .ocelot/*.yml), "
                + "and report every problem as FILE:LINE:COLUMN.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the file is valid (warnings may be printed)", "1:the file has errors",
                "2:usage error, or the file cannot be read"})
public final class ValidateCommand implements Callable<Integer> {
    /** Stands in for a commit when only the branch matters. */
    static final String NO_COMMIT = "0000000000000000000000000000000000000000";

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|DIR", defaultValue = PipelineInput.DEFAULT_FILE,
            description = "The pipeline file, or a project directory (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--branch", paramLabel = "BRANCH",
            description = "Also say whether a push to this branch would build.")
    String branch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (Files.isDirectory(file)) {
                return directory(out, err);
            }
            ParseResult r = PipelineInput.read("validate", file, err);
            if (r == null) {
                return Main.EXIT_USAGE;
            }
            if (!r.isValid()) {
                int n = r.errors().size();
                err.println(file + ": " + n + (n == 1 ? " error" : " errors"));
                return Main.EXIT_FAILED;
            }
            PipelineFile p = r.pipeline();
            int stages = p.stages().size();
            out.println(file + " is valid: " + stages + (stages == 1 ? " stage, " : " stages, ")
                    + (p.image() != null ? "image " + p.image() : "machineTag " + p.machineTag()));
            if (branch != null) {
                out.println(wouldBuild(PipelineInput.pipelineName(file), p));
            }
            return Main.EXIT_OK;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int directory(PrintWriter out, PrintWriter err) {
        PipelineFiles all = PipelineDirectory.read("validate", file, err);
        if (all == null) {
            return Main.EXIT_USAGE;
        }
        if (!all.isValid()) {
            int n = all.errors().size();
            err.println(file + ": " + n + (n == 1 ? " error" : " errors"));
            return Main.EXIT_FAILED;
        }
        for (PipelineFiles.Pipeline pipeline : all.pipelines()) {
            PipelineFile p = pipeline.file();
            int stages = p.stages().size();
            out.println(file.resolve(pipeline.path()) + " is valid: pipeline " + pipeline.name() + ", " + stages
                    + (stages == 1 ? " stage, " : " stages, ")
                    + (p.image() != null ? "image " + p.image() : "machineTag " + p.machineTag()));
            if (branch != null) {
                out.println("  " + wouldBuild(pipeline.name(), p));
            }
        }
        return Main.EXIT_OK;
    }

    private String wouldBuild(String pipeline, PipelineFile p) {
        Decision d = new Planner().plan(pipeline, p, BuildEvent.push(branch, NO_COMMIT, List.of(), List.of()));
        return d.shouldBuild() ? "branch '" + branch + "' would build"
                : "branch '" + branch + "' would not build: " + d.reason();
    }
}
