package io.ocelot.cli;

import org.junit.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** Every command and subcommand answers --help and -h with its own usage, and 'ocelot help CMD' with the same. */
public class HelpOnEveryCommandTest {

    private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
        into.add(path);
        cl.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name)) {
                return; // an alias
            }
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, into);
        });
    }

    @Test
    public void everyCommandAndSubcommandAnswersHelpWithItsOwnUsage() {
        List<List<String>> commands = new ArrayList<>();
        collect(Main.commandLine(), List.of(), commands);
        assertTrue("the tree has the user commands and the nested ones: " + commands,
                commands.contains(List.of("show")) && commands.contains(List.of("werker", "start"))
                        && commands.contains(List.of("admin", "registration-secret")) && commands.size() > 20);
        for (List<String> path : commands) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                CliRun r = CliRun.run(args.toArray(String[]::new));
                String name = String.join(" ", path);
                assertEquals(name + " " + flag + ": " + r.err(), 0, r.exit());
                assertTrue(name + " " + flag + ":\n" + r.out(),
                        r.out().contains("Usage: ocelot" + (path.isEmpty() ? "" : " " + name) + " "));
                assertFalse(r.err(), r.err().contains("Unknown option"));
            }
        }
    }

    @Test
    public void helpCommandPrintsTheUsageOfTheNamedCommand() {
        CliRun r = CliRun.run("help", "logs");
        assertEquals(r.err(), 0, r.exit());
        assertEquals(CliRun.run("logs", "--help").out(), r.out());
        assertTrue(r.out(), r.out().contains("--stage=NAME") && r.out().contains("--attempt=N"));
        assertEquals(2, CliRun.run("help", "no-such-command").exit());
    }

    @Test
    public void userCommandsNameBothServerVariablesInTheirHelp() {
        String help = CliRun.run("status", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help, help.contains("$OCELOT_SERVER, or its alias $OCELOT_URL"));
    }
}
