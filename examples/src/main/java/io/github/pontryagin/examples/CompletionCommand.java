package io.github.pontryagin.examples;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pontryagin completion}: the bash/zsh completion script of every subcommand and option, by picocli. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a bash (and zsh) completion script for pontryagin: subcommands, options and the "
                + "registered names (tableaux, fields, optimizers, data sets, ...).",
                "Load it in the current shell with: source <(./pontryagin completion)",
                "or install it: ./pontryagin completion > ~/.local/share/bash-completion/completions/pontryagin"})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash(root.getCommandName(), root);
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
