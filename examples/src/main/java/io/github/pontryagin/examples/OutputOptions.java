package io.github.pontryagin.examples;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where results go (a picocli mixin): {@code --out} is always a directory; single files are {@code --output-file}. */
public final class OutputOptions {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Output directory, created if needed (default: ${DEFAULT-VALUE}).")
    Path out;
}
