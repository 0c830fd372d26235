package io.github.pontryagin.examples;

import java.io.PrintStream;
import java.io.PrintWriter;

import io.github.pontryagin.odenets.train.ProgressBarListener;
import io.github.pontryagin.odenets.train.ProgressLogListener;
import io.github.pontryagin.odenets.train.TrainingListener;
import picocli.CommandLine.Option;

/**
 * How a training command reports progress (a picocli mixin of {@code demo}, {@code train}, {@code mnist}): a
 * redrawn bar on a terminal, complete plain lines when standard error goes to a file or a pipe (CI, cluster logs),
 * or nothing.
 */
public final class ProgressOptions {

    /** How progress is shown. */
    enum Mode {
        /** {@code bar} on a terminal (a console is attached), {@code lines} otherwise. */
        AUTO,
        /** A progress bar redrawn in place with carriage returns. */
        BAR,
        /** A plain line every {@code --progress-every} seconds and at the end. */
        LINES,
        /** Nothing. */
        NONE
    }

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            converter = Converters.ProgressMode.class,
            description = "auto, bar, lines or none: auto draws a bar on a terminal and prints plain lines (iteration,"
                    + " loss, accuracy, it/s, ETA) when standard error is redirected (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--progress-every", paramLabel = "SECONDS", defaultValue = "10",
            converter = Converters.NonNegativeDouble.class,
            description = "Seconds between two progress lines; 0 prints one per iteration (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = {"-q", "--quiet"}, description = "No progress (as --progress none).")
    boolean quiet;

    /** The mode after {@code -q} and {@code auto} are resolved; {@code terminal} says whether a console is attached. */
    Mode resolved(boolean terminal) {
        if (quiet) {
            return Mode.NONE;
        }
        if (mode == Mode.AUTO) {
            return terminal ? Mode.BAR : Mode.LINES;
        }
        return mode;
    }

    /**
     * The listener that shows progress of {@code task}: a bar on {@code System.err}, lines on {@code err}, or null.
     */
    TrainingListener listener(String task, PrintWriter err) {
        return listener(task, err, "test");
    }

    /** {@link #listener(String, PrintWriter)} whose lines call the held-out set {@code heldOut}. */
    TrainingListener listener(String task, PrintWriter err, String heldOut) {
        return switch (resolved(System.console() != null)) {
            case BAR -> new ProgressBarListener(task, heldOut, System.err);
            case LINES -> new ProgressLogListener(task, heldOut, seconds, 0, line -> {
                err.println(line);
                err.flush();
            });
            default -> null;
        };
    }

    /** Where a bar is drawn, for code that draws its own: standard error, or null without a bar. */
    PrintStream barStream() {
        return resolved(System.console() != null) == Mode.BAR ? System.err : null;
    }
}
