package io.ocelot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ocelot} binary. Exit codes: 0 success, 1 the thing asked about failed (invalid file, failed build),
 * 2 usage error, 3 Ocelot itself could not do it (server unreachable, docker missing).
 */
@Command(name = "ocelot", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Ocelot CI: run pipelines locally, run the build agent, and talk to the Bitbucket plugin.",
                "The commands that talk to Bitbucket find it in --server, else $OCELOT_SERVER (alias: $OCELOT_URL), "
                        + "else server= in ~/.config/ocelot/config.properties; the token in --token-file, "
                        + "$OCELOT_TOKEN or token= there.",
                "'ocelot help COMMAND' or 'ocelot COMMAND --help' for a command's usage."},
        subcommands = {
                ValidateCommand.class,
                PlanCommand.class,
                ExecCommand.class,
                WerkerCommand.class,
                StatusCommand.class,
                LogsCommand.class,
                ArtifactsCommand.class,
                SummaryCommand.class,
                KillCommand.class,
                TriggerCommand.class,
                WatchCommand.class,
                UnwatchCommand.class,
                WerkersCommand.class,
                AdminCommand.class,
                ShowCommand.class,
                RebuildCommand.class,
                CompletionCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_TROUBLE = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        // a bad option or argument is the user's (2); anything else escaping a command is Ocelot's trouble (3)
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_TROUBLE);
        return cl.execute(args);
    }

    /**
     * The command tree, every command and subcommand with {@code --help}/{@code -h} (and {@code --version}/{@code -V}):
     * set here once so a new command cannot forget it.
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        withStandardHelp(cl);
        return cl;
    }

    private static void withStandardHelp(CommandLine cl) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        if (!spec.mixinStandardHelpOptions() && !(cl.getCommand() instanceof CommandLine.HelpCommand)) {
            spec.mixinStandardHelpOptions(true);
        }
        spec.versionProvider(new Version());
        cl.getSubcommands().values().stream().distinct().forEach(Main::withStandardHelp);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * "ocelot 0.1.0-SNAPSHOT (commit 1a2b3c4d5e6f)": the Maven project version from the jar's manifest and the git
     * commit the jar was built from (written at build time; absent when built outside a git checkout).
     */
    static final class Version implements CommandLine.IVersionProvider {
        static final String COMMIT_RESOURCE = "build-commit.txt";

        @Override
        public String[] getVersion() throws java.io.IOException {
            String v = Main.class.getPackage().getImplementationVersion();
            String commit = "";
            try (java.io.InputStream in = Main.class.getResourceAsStream(COMMIT_RESOURCE)) {
                if (in != null) {
                    commit = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
                }
            }
            return new String[]{"ocelot " + (v == null ? "dev" : v) + (commit.isEmpty() ? "" : " (commit " + commit + ")"),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
