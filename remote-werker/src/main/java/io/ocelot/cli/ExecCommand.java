package io.ocelot.cli;

import io.ocelot.core.build.BuildResult;
import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineFiles;
import io.ocelot.core.lang.PipelineParser;
import io.ocelot.core.lang.Problem;
import io.ocelot.core.plan.BuildEvent;
import io.ocelot.core.plan.BuildPlan;
import io.ocelot.core.plan.Decision;
import io.ocelot.core.plan.PlannedStage;
import io.ocelot.core.plan.Planner;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.werker.agent.Units;
import io.ocelot.werker.engine.BuildOutcome;
import io.ocelot.werker.engine.BuildRequest;
import io.ocelot.werker.engine.Cancellation;
import io.ocelot.werker.engine.EngineConfig;
import io.ocelot.werker.engine.cache.CacheStore;
import io.ocelot.werker.engine.files.LocalArtifactFolder;
import io.ocelot.werker.wiring.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ocelot exec [DIR] [--pipeline NAME]}: runs DIR's ocelot.yml (or its {@code .ocelot/NAME.yml}) through the werker's engine on the local Docker engine, as if the
 * current commit had been pushed to the current branch (a forced manual trigger, so branch filters and [skip ci] do
 * not stop it). The working tree is copied as it is, uncommitted changes included, without {@code .git}.
 * Exit codes: 0 the build passed, 1 it failed or was cancelled (or the file is invalid), 2 usage, 3 Ocelot could
 * not run it (Docker unreachable, image missing, ...).
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run a directory's ocelot.yml (or one of its .ocelot/NAME.yml pipelines) on the local Docker "
                + "engine, as if its current commit were pushed.")
public final class ExecCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ".",
            description = "The project directory holding ocelot.yml (default: the current directory).")
    Path dir;

    @Option(names = "--pipeline", paramLabel = "NAME", defaultValue = BuildPlan.DEFAULT_PIPELINE,
            description = "The pipeline to run: 'default' (ocelot.yml) or NAME for .ocelot/NAME.yml (default: ${DEFAULT-VALUE}).")
    String pipeline;

    @Option(names = "--stage", paramLabel = "NAME", description = "Run only this stage (even if its triggers would not match).")
    String stage;

    @Option(names = "--branch", paramLabel = "B", description = "The branch to pretend the commit was pushed to "
            + "(default: DIR's current git branch, or 'local').")
    String branch;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "10s",
            description = "Time a cancelled or timed-out stage gets between SIGTERM and SIGKILL (default: 10s).")
    String grace;

    @Option(names = "--parallel-stages", paramLabel = "N", defaultValue = "4",
            description = "Stages of a stage graph (needs:) that run at once (default: 4).")
    int parallelStages;

    @Option(names = "--no-color", description = "Plain output even on a terminal.")
    boolean noColor;

    @Option(names = "--color", description = "Coloured output even when not on a terminal.")
    boolean forceColor;

    @Option(names = "--docker-host", paramLabel = "URI", description = "Docker engine to use (default: DOCKER_HOST, "
            + "else unix:///var/run/docker.sock).")
    String dockerHost;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where workspaces are made (default: the system temp dir).")
    Path workDir;

    @Option(names = "--artifacts", paramLabel = "DIR", defaultValue = "ocelot-artifacts",
            description = "Where the stages' artifacts are copied, as DIR/<stage>/<path in the workspace> "
                    + "(default: ./ocelot-artifacts).")
    Path artifacts;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where caches are kept between runs, per project "
            + "directory (default: $XDG_CACHE_HOME/ocelot/caches, else ~/.cache/ocelot/caches).")
    Path cacheDir;

    @Option(names = "--cache-max-bytes", paramLabel = "SIZE", defaultValue = "5GiB",
            description = "Most the caches may hold in all; least recently used go first (default: 5GiB).")
    String cacheMaxBytes;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        Duration graceDuration;
        try {
            graceDuration = Units.parseDuration(grace); // the same grammar as the werker's flags
        } catch (IllegalArgumentException e) {
            err.println("ocelot exec: --grace: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        long cacheCap;
        try {
            cacheCap = Units.parseBytes(cacheMaxBytes);
            if (cacheCap <= 0) {
                throw new IllegalArgumentException("must be more than 0");
            }
        } catch (IllegalArgumentException e) {
            err.println("ocelot exec: --cache-max-bytes: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        if (parallelStages < 1) {
            err.println("ocelot exec: --parallel-stages: must be at least 1, got " + parallelStages);
            return Main.EXIT_USAGE;
        }
        Path project = dir.toAbsolutePath().normalize();
        Path file = pipelineFile(project);
        if (file == null) {
            return Main.EXIT_USAGE;
        }
        if (!Files.isRegularFile(file)) {
            err.println("ocelot exec: no ocelot.yml in " + project + otherPipelines(project));
            return Main.EXIT_FAILED;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            err.println("ocelot exec: cannot read " + file + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        String shownName = displayName(file);
        ParseResult parsed = PipelineParser.parse(shownName, content);
        for (Problem p : parsed.problems()) {
            err.println(p);
        }
        if (!parsed.isValid()) {
            return Main.EXIT_FAILED;
        }

        GitHead head = GitHead.of(project);
        String buildBranch = branch != null ? branch : head.branch();
        BuildEvent event = new BuildEvent(buildBranch, head.commit(), head.messages(), List.of(), TriggerKind.MANUAL,
                true, 0);
        Decision decision = new Planner().plan(pipeline, parsed.pipeline(), event);
        if (!decision.shouldBuild()) {
            err.println("ocelot exec: no build: " + decision.reason());
            return Main.EXIT_FAILED;
        }
        BuildPlan plan = decision.plan();
        if (stage != null) {
            plan = onlyStage(plan, stage);
            if (plan == null) {
                err.println("ocelot exec: no stage named '" + stage + "'; the stages are: "
                        + String.join(", ", decision.plan().stages().stream().map(PlannedStage::name).toList()));
                return Main.EXIT_USAGE;
            }
        }

        boolean color = forceColor || (!noColor && System.console() != null);
        ExecReporter reporter = new ExecReporter(out, err, color, plan.stages().size());
        String werkerName = "exec-" + ProcessHandle.current().pid();
        Path work = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "ocelot-exec");
        EngineConfig config = new EngineConfig(werkerName, work, dockerHost, graceDuration, null, null, null)
                .withParallelStages(parallelStages);
        // caches are the project directory's own: another checkout never gets them
        BuildRequest request = new BuildRequest(0, werkerName, plan, null, head.commit(), buildBranch, project,
                Map.of(), null, "local:" + project, new LocalArtifactFolder(artifacts));
        CacheStore caches = new CacheStore(cacheDir != null ? cacheDir : defaultCacheDir(), cacheCap);

        reporter.header(shownName, buildBranch, head.commit(), plan.image() != null ? "image " + plan.image()
                : "host shell (machineTag " + plan.machineTag() + ")");
        Cancellation cancellation = new Cancellation();
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C: cancel with the grace semantics and let the engine clean up before the JVM goes
        Thread hook = new Thread(() -> {
            reporter.interrupted(graceDuration);
            cancellation.cancel("interrupted (Ctrl-C)");
            try {
                done.await(graceDuration.toSeconds() + 120, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "ocelot-exec-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        BuildOutcome outcome;
        try {
            outcome = Engines.create(config, null, 0, caches).run(request, reporter, cancellation);
            reporter.summary(outcome);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
        }
        return exitCode(outcome.result());
    }

    /**
     * The file of {@link #pipeline}: ocelot.yml for the default (whether or not it exists, as before there were
     * named pipelines), else the {@code .ocelot/NAME.yml} the directory names; null after saying which pipelines
     * there are.
     */
    private Path pipelineFile(Path project) {
        if (pipeline.equals(BuildPlan.DEFAULT_PIPELINE)) {
            return project.resolve(PipelineFiles.DEFAULT_FILE);
        }
        List<String> names = pipelineNames(project);
        if (!names.contains(pipeline)) {
            err.println("ocelot exec: no pipeline '" + pipeline + "' in " + project + "; "
                    + (names.isEmpty() ? "it has no pipeline files" : "the pipelines are: " + String.join(", ", names)));
            return null;
        }
        return project.resolve(PipelineFiles.DIRECTORY).resolve(pipeline + PipelineFiles.EXTENSION);
    }

    private String otherPipelines(Path project) {
        List<String> names = pipelineNames(project);
        return names.isEmpty() ? "" : " (its pipelines are: " + String.join(", ", names) + "; choose one with --pipeline NAME)";
    }

    /** The names of the project's well-named pipeline files (their problems are shown only for the one run). */
    private static List<String> pipelineNames(Path project) {
        try {
            return PipelineFiles.read(PipelineDirectory.files(project)).names();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {@code $XDG_CACHE_HOME/ocelot/caches}, else {@code ~/.cache/ocelot/caches}. */
    static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ocelot").resolve("caches");
    }

    static int exitCode(BuildResult result) {
        return switch (result) {
            case PASSED -> Main.EXIT_OK;
            case FAILED, CANCELLED -> Main.EXIT_FAILED;
            case ERRORED -> Main.EXIT_TROUBLE;
        };
    }

    /** The plan with every stage but {@code name} skipped; null when there is no such stage. */
    static BuildPlan onlyStage(BuildPlan plan, String name) {
        boolean found = false;
        List<PlannedStage> stages = new ArrayList<>();
        for (PlannedStage s : plan.stages()) {
            boolean chosen = s.name().equals(name);
            found |= chosen;
            // in a stage graph the chosen stage runs at once: what it needs is not selected
            List<String> needs = s.needs() == null ? null : chosen ? List.of() : s.needs();
            stages.add(new PlannedStage(s.name(), s.script(), s.env(), s.workdir(), s.timeoutSeconds(), s.always(),
                    !chosen, chosen ? null : "not selected (--stage " + name + ")", s.junitReports(), needs,
                    s.image(), s.artifacts(), s.buildImage()));
        }
        // everything else of the plan (limits, services, caches) stays as it is
        return found ? new BuildPlan(plan.version(), plan.pipeline(), plan.image(), plan.machineTag(),
                plan.timeoutSeconds(), plan.workdir(), stages, plan.notifications(), plan.limits(), plan.merge(),
                plan.services(), plan.caches()) : null;
    }

    private static String displayName(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
    }

    /** The branch, commit and last commit message of a git checkout; "local" / "0000000" elsewhere. */
    record GitHead(String branch, String commit, List<String> messages) {
        static GitHead of(Path dir) {
            String commit = git(dir, "rev-parse", "HEAD");
            if (commit == null) {
                return new GitHead("local", "0000000", List.of());
            }
            String b = git(dir, "rev-parse", "--abbrev-ref", "HEAD");
            String message = git(dir, "log", "-1", "--format=%B");
            return new GitHead(b == null || b.equals("HEAD") ? "local" : b, commit,
                    message == null ? List.of() : List.of(message));
        }

        private static String git(Path dir, String... args) {
            List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
            cmd.addAll(List.of(args));
            try {
                Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                return p.waitFor() == 0 && !out.isEmpty() ? out : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
