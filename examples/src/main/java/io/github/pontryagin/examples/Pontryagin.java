package io.github.pontryagin.examples;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

import io.github.pontryagin.core.kernel.VectorApi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code pontryagin} command line: ODE-nets on the paper's toy data sets (Benning et al. 2019).
 * Wrong options end with exit code 2 and wrong inputs (files, data) with exit code 1, each with a single
 * line on standard error naming the parameter or file, the value and what is accepted; a training run
 * that diverged ends with exit code 3.
 */
@Command(name = "pontryagin", mixinStandardHelpOptions = true, versionProvider = Pontryagin.Version.class,
        description = "ODE-based neural networks: Runge-Kutta layers, exact discrete adjoints, learned step sizes.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:a file or the data could not be read or written, or a check failed",
                "2:wrong options (one line on standard error names the option, the value and what is allowed)",
                "3:training diverged (train, demo: the NaN guard stopped it)"},
        subcommands = {DemoCommand.class, TrainCommand.class, PredictCommand.class, CompareCommand.class,
                GradcheckCommand.class, GradientCommand.class, ExportCommand.class,
                DatasetsCommand.class, OptimizersCommand.class,
                MnistCommand.class, ReversibilityCommand.class, StabilityCommand.class, SecondOrderTableCommand.class,
                CompletionCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nArgument files:%n",
        footer = {"Any argument @FILE is replaced by the arguments in FILE (whitespace-separated, quotes and # comments "
                + "as in a shell), e.g. pontryagin train @spiral.args --seed 2; a deprecated option name prints one "
                + "warning line and still works for one release."})
public final class Pontryagin implements Runnable {

    /** {@code --version}: the version (the jar's Implementation-Version) and which kernels run (Vector API or plain Java). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pontryagin " + RunRecord.libraryVersion(),
                    "kernels: " + io.github.pontryagin.core.kernel.VectorApi.describe()};
        }
    }

    /** Exit code for wrong options. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for failures while running (unreadable files, bad data, a failed gradient check). */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a training run the NaN guard stopped (diverged); its last finite model is still written. */
    public static final int EXIT_DIVERGED = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand; expected one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The command line with the project's one-line error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Pontryagin());
        HelpSections.install(cl);
        Choices.addHelpSection(cl);
        cl.setExecutionStrategy(parseResult -> {
            CliRules.check(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String message = oneLine(ex.getMessage()) + CliRules.didYouMean(ex);
            if (ex instanceof CommandLine.UnmatchedArgumentException && !c.getSubcommands().isEmpty()) {
                message += " Subcommands: " + String.join(", ", c.getSubcommands().keySet()) + ".";
            }
            c.getErr().println(prefix(c) + message + " (see " + c.getCommandSpec().qualifiedName() + " --help)");
            c.getErr().flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println(prefix(c) + oneLine(describe(ex)));
            c.getErr().flush();
            return EXIT_FAILURE;
        });
        return cl;
    }

    private static String prefix(CommandLine c) {
        return c.getCommandSpec().qualifiedName() + ": ";
    }

    /** The message of an exception as the user should read it (no class names for expected failures). */
    static String describe(Throwable ex) {
        if (ex instanceof NoSuchFileException) {
            return "file not found: " + ex.getMessage();
        }
        if (ex instanceof IOException || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof CommandFailure) {
            String message = ex.getMessage();
            return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
        }
        return "internal error: " + ex;
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    public static void main(String[] args) {
        try {
            VectorApi.Properties.checkProperties();
        } catch (IllegalArgumentException e) {
            System.err.println("pontryagin: " + e.getMessage());
            System.exit(EXIT_USAGE);
        }
        System.exit(commandLine().execute(args));
    }

    /** A failure the command reports itself (e.g. a gradient check over tolerance): exit code 1, one line. */
    static final class CommandFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailure(String message) {
            super(message);
        }
    }
}
