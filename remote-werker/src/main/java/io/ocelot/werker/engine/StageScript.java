package io.ocelot.werker.engine;

import java.util.List;

/**
 * How a stage's script lines become one shell run. The lines run in order in one {@code sh -e} (errexit): the first
 * command that fails ends the stage with its exit code, like the original ocelot which stopped at the first failing
 * line. POSIX errexit rules apply: a failing command inside an {@code if}/{@code while} condition or before
 * {@code &&}/{@code ||} does not end the stage. Variables and {@code cd} carry over from line to line.
 *
 * <p>Every executor starts the stage through {@link #WRAPPER}, which records the stage's pid (the leader of its own
 * process group: {@code docker exec} and {@code setsid} both make it one) for signalling, enters the working
 * directory, and execs {@code sh -e -c SCRIPT}. Arguments: {@code $1} pid file ("-" for none), {@code $2} workdir,
 * {@code $3} script. None of them is secret: secrets reach the stage only through its environment.
 */
public final class StageScript {
    public static final String WRAPPER = "[ \"$1\" = - ] || echo $$ > \"$1\"; "
            + "cd -- \"$2\" || { echo \"ocelot: cannot enter the stage's working directory $2\" >&2; exit 125; }; "
            + "exec /bin/sh -e -c \"$3\"";

    private StageScript() {
    }

    public static String compose(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }
}
