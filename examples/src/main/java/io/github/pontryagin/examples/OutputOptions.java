package io.github.pontryagin.examples;

import java.io.PrintStream;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where results go and how chatty the run is (a picocli mixin). */
public final class OutputOptions {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Output directory, created if needed (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    /** Where to draw progress bars: standard error, or null when quiet. */
    PrintStream progress() {
        return quiet ? null : System.err;
    }
}
