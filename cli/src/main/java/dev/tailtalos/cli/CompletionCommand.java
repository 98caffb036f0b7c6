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
                "zsh:   autoload -U +X bashcompinit && bashcompinit && source <(./tailtalos completion zsh)",
                "fish:  ./tailtalos completion fish | source   (or save it as ~/.config/fish/completions/tailtalos.fish)"})
public class CompletionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SHELL", description = "bash, zsh (the bash script, run through bashcompinit) or fish.")
    String shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String script = switch (shell) {
            case "bash", "zsh" -> AutoComplete.bash("tailtalos", spec.root().commandLine());
            case "fish" -> FishCompletion.script(spec.root().commandLine());
            default -> null;
        };
        if (script == null) {
            spec.commandLine().getErr().println("completion: '" + shell + "' is not bash, zsh or fish");
            return 2;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
