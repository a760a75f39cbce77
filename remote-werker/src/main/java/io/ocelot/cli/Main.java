package io.ocelot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ocelot} binary. Exit codes: 0 success, 1 the thing asked about failed (invalid file, failed build),
 * 2 usage error, 3 Ocelot itself could not do it (server unreachable, docker missing).
 */
@Command(name = "ocelot", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Ocelot CI: run pipelines locally, run the build agent, and talk to the Bitbucket plugin.",
        subcommands = {
                ValidateCommand.class,
                PlanCommand.class,
                ExecCommand.class,
                WerkerCommand.class,
                StatusCommand.class,
                LogsCommand.class,
                SummaryCommand.class,
                KillCommand.class,
                TriggerCommand.class,
                WatchCommand.class,
                UnwatchCommand.class,
                WerkersCommand.class,
                AdminCommand.class,
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
        CommandLine cl = new CommandLine(new Main());
        // a bad option or argument is the user's (2); anything else escaping a command is Ocelot's trouble (3)
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_TROUBLE);
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"ocelot " + (v == null ? "dev" : v)};
        }
    }
}
