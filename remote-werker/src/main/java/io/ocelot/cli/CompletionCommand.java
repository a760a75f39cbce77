package io.ocelot.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code ocelot completion bash|zsh}: prints picocli's completion script for every command and option. */
@Command(name = "completion", description = {"Print a shell completion script for ocelot.",
        "bash:  source <(ocelot completion bash)          (or save it in /etc/bash_completion.d/ocelot)",
        "zsh:   source <(ocelot completion zsh)           (in ~/.zshrc)",
        "The zsh script is the bash one, run through zsh's bash completion compatibility (bashcompinit), which "
        + "the script switches on itself."})
public final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // one script serves both: it starts with "autoload bashcompinit" when it runs in zsh
        spec.commandLine().getOut().print(AutoComplete.bash("ocelot", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return Main.EXIT_OK;
    }
}
