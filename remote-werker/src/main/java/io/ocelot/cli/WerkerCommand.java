package io.ocelot.cli;

import io.ocelot.werker.agent.Agent;
import io.ocelot.werker.agent.AgentConfig;
import io.ocelot.werker.agent.AgentWiring;
import io.ocelot.werker.agent.ConfigException;
import io.ocelot.werker.agent.EngineFactory;
import io.ocelot.werker.agent.ShutdownSignals;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ocelot werker start}: the build agent. Configuration reference: docs/werker-agent.md. */
@Command(name = "werker", description = "The build agent.", subcommands = {WerkerCommand.Start.class})
public final class WerkerCommand implements Runnable {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Run the build agent: take builds from the Ocelot plugin and run them here.",
                    "Each flag's environment variable is used when the flag is absent. Secrets are best given by "
                            + "environment (a command line is visible to every user of the host)."})
    public static final class Start implements Callable<Integer> {
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--server", paramLabel = "URL", description = "Bitbucket base URL (env OCELOT_SERVER).")
        String server;
        @Option(names = "--token", paramLabel = "TOKEN", description = "Werker token (env OCELOT_WERKER_TOKEN).")
        String token;
        @Option(names = "--registration-secret", paramLabel = "SECRET",
                description = "Registers this werker on first start (env OCELOT_REGISTRATION_SECRET); the token it "
                        + "receives is saved to <work-dir>/werker-token (0600) and reused.")
        String registrationSecret;
        @Option(names = "--name", description = "Werker name (default: host name).")
        String name;
        @Option(names = "--labels", split = ",", paramLabel = "LABEL",
                description = "Comma-separated labels: the machineTags this werker serves.")
        List<String> labels;
        @Option(names = "--max-builds", paramLabel = "N", description = "Builds at once (default 1).")
        Integer maxBuilds;
        @Option(names = "--parallel-stages", paramLabel = "N",
                description = "Stages of one stage graph (needs:) run at once, per build (default 4).")
        Integer parallelStages;
        @Option(names = "--ready-container", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "After a Docker build, create and start the next build's container (same image and "
                        + "limits) so that it starts at once; --no-ready-container: create each when its build "
                        + "starts (default: on).")
        boolean readyContainer;
        @Option(names = "--work-dir", paramLabel = "DIR", description = "Spool, workspaces and token (default ~/.ocelot/werker).")
        Path workDir;
        @Option(names = "--docker-host", paramLabel = "URI", description = "Docker daemon (default: DOCKER_HOST or the local socket).")
        String dockerHost;
        @Option(names = "--grace", paramLabel = "DURATION", description = "SIGTERM to SIGKILL on cancel (default 10s).")
        String grace;
        @Option(names = "--drain-timeout", paramLabel = "DURATION",
                description = "On SIGTERM, how long running builds may finish before they are handed back to the plugin, "
                        + "which requeues them for another werker (default 10m).")
        String drainTimeout;
        @Option(names = "--metrics-port", paramLabel = "PORT", description = "/metrics and /health port (default 0 = off).")
        Integer metricsPort;
        @Option(names = "--disk-floor", paramLabel = "SIZE",
                description = "Stop taking work below this much free space in the work dir (default 2GiB; 0 = off).")
        String diskFloor;
        @Option(names = "--gc-interval", paramLabel = "DURATION", description = "Garbage collection period (default 10m).")
        String gcInterval;
        @Option(names = "--prune-images-after", paramLabel = "DURATION",
                description = "Remove images this werker pulled and no build here used for this long (default 7d).")
        String pruneImagesAfter;
        @Option(names = "--stage-user", paramLabel = "USER",
                description = "User (name or UID:GID) host-shell stages run as; needs a werker running as root "
                        + "(default as root: ocelot-stage if it exists, else nobody).")
        String stageUser;
        @Option(names = "--image-budget", paramLabel = "SIZE",
                description = "Keep at most this much of the images this werker pulled, least recently used removed "
                        + "first; images it did not pull are never removed (default 20GiB; 0 = no budget).")
        String imageBudget;
        @Option(names = "--build-memory", paramLabel = "SIZE",
                description = "Memory (swap included) one build may use (default 4GiB; 0 = no limit).")
        String buildMemory;
        @Option(names = "--build-cpus", paramLabel = "N", description = "CPUs one build may use, e.g. 2 or 0.5 (default 0 = all).")
        String buildCpus;
        @Option(names = "--build-pids", paramLabel = "N",
                description = "Processes and threads one build may run at once (default 2048; 0 = no limit).")
        String buildPids;
        @Option(names = "--build-disk", paramLabel = "SIZE",
                description = "Disk one build may write in its container, workspace included (default 20GiB; 0 = no limit).")
        String buildDisk;
        @Option(names = "--cache-dir", paramLabel = "DIR",
                description = "Where the builds' caches are kept, per repository (default <work-dir>/caches).")
        Path cacheDir;
        @Option(names = "--cache-max-bytes", paramLabel = "SIZE",
                description = "Most the caches may hold in all; least recently used go first (default 10GiB).")
        String cacheMaxBytes;

        private final Map<String, String> env;
        private final EngineFactory engines;

        public Start() {
            this(System.getenv(), AgentWiring.engine());
        }

        /** For tests and for other wiring: the environment to read and the engine to run builds with. */
        public Start(Map<String, String> env, EngineFactory engines) {
            this.env = env;
            this.engines = engines;
        }

        @Override
        public Integer call() throws InterruptedException {
            // a long-running agent's log needs timestamps (set before the first logger; an admin's -D wins)
            System.getProperties().putIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
            System.getProperties().putIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
            PrintWriter err = spec.commandLine().getErr();
            if (token != null || registrationSecret != null) {
                err.println("warning: a secret given on the command line is visible to other users of this host; "
                        + "prefer " + AgentConfig.ENV_TOKEN + " / " + AgentConfig.ENV_REGISTRATION_SECRET);
            }
            AgentConfig cfg;
            try {
                cfg = new AgentConfig.Builder().environment(env)
                        .server(server).token(token).registrationSecret(registrationSecret).name(name)
                        .labels(labels).maxBuilds(maxBuilds).parallelStages(parallelStages).readyContainer(readyContainer).workDir(workDir).dockerHost(dockerHost).grace(grace)
                        .drainTimeout(drainTimeout).metricsPort(metricsPort).diskFloor(diskFloor)
                        .gcInterval(gcInterval).pruneImagesAfter(pruneImagesAfter).stageUser(stageUser)
                        .imageBudget(imageBudget).cacheDir(cacheDir).cacheMaxBytes(cacheMaxBytes)
                        .buildMemory(buildMemory).buildCpus(buildCpus).buildPids(buildPids).buildDisk(buildDisk)
                        .build();
            } catch (ConfigException e) {
                err.println("ocelot werker start: invalid configuration:");
                e.problems().forEach(p -> err.println("  " + p));
                err.flush();
                return Main.EXIT_USAGE;
            }
            Agent agent;
            try {
                agent = new Agent(cfg, engines);
            } catch (Exception e) {
                err.println("ocelot werker start: cannot start the build engine: " + e.getMessage());
                err.flush();
                return Main.EXIT_TROUBLE;
            }
            try {
                agent.start();
            } catch (IOException e) {
                err.println("ocelot werker start: cannot serve metrics on port " + cfg.metricsPort() + ": " + e.getMessage());
                err.flush();
                return Main.EXIT_TROUBLE;
            }
            ShutdownSignals.install(agent);
            return agent.awaitExit();
        }
    }
}
