package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.train.TrainingResult;

/** Printing shared by the subcommands. */
final class CommandSupport {

    private CommandSupport() {
    }

    static void printSummary(PrintWriter out, OdeNet net, TrainingResult result) {
        out.printf(Locale.ROOT, "%s: %d iterations in %.1f s, final loss %.5g, train accuracy %.2f %%, "
                        + "test accuracy %s%n", ModelOptions.describe(net), result.iterations(),
                result.wallTimeSeconds(), result.finalLoss(), 100 * result.trainAccuracy(),
                Double.isNaN(result.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.2f %%",
                        100 * result.testAccuracy()));
        if (net.architecture().update().usesStepSizes()) {
            out.println("step sizes h_n: " + Arrays.stream(net.stepSizes())
                    .mapToObj(h -> String.format(Locale.ROOT, "%.4f", h)).collect(Collectors.joining(" ")));
        }
        out.flush();
    }

    /**
     * Prints, when the NaN guard stopped training, one line to {@code err} saying so (before any file is
     * written, so that it is never lost) and returns it; null when training did not diverge.
     */
    static String reportDivergence(PrintWriter err, picocli.CommandLine cl, TrainingResult result) {
        if (result.stopReason() == null) {
            return null;
        }
        String line = cl.getCommandSpec().qualifiedName() + ": training diverged: " + result.stopReason()
                + " (exit code " + Pontryagin.EXIT_DIVERGED + ")";
        err.println(line);
        err.flush();
        return line;
    }

    static void printFiles(PrintWriter out, List<Path> files) {
        out.println("wrote " + files.stream().map(Path::toString).collect(Collectors.joining(", ")));
        out.flush();
    }
}
