package dev.tailtalos.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code tailtalos completion bash}: picocli's completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a shell completion script for tailtalos.",
                "bash:  source <(./tailtalos completion bash)   (or save it under /etc/bash_completion.d/tailtalos)",
                "zsh:   autoload -U +X bashcompinit && bashcompinit && source <(./tailtalos completion zsh)"})
public class CompletionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SHELL", description = "bash or zsh (the bash script, run through bashcompinit).")
    String shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            spec.commandLine().getErr().println("completion: '" + shell + "' is not bash or zsh");
            return 2;
        }
        spec.commandLine().getOut().print(AutoComplete.bash("tailtalos", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
