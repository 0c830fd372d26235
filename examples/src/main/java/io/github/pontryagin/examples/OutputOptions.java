package io.github.pontryagin.examples;

import java.nio.file.Path;

import io.github.pontryagin.plots.PlotFormat;
import picocli.CommandLine.Option;

/** Where results go (a picocli mixin): {@code --out} is always a directory; single files are {@code --output-file}. */
public final class OutputOptions {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Output directory, created if needed (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--plot-format", paramLabel = "FORMAT", defaultValue = "png",
            converter = Converters.PlotFormatConverter.class,
            description = "File format of the plots: png (1280 x 1040 pixels per chart), svg or pdf (vector "
                    + "graphics for papers) (default: ${DEFAULT-VALUE}).")
    PlotFormat plotFormat = PlotFormat.PNG;

    /** The format plots are written in. */
    PlotFormat plotFormat() {
        return plotFormat;
    }

    /** A plot file name ({@code loss.png}) with the extension of {@code --plot-format}. */
    String plotFile(String pngName) {
        return plotFormat.fileName(pngName);
    }
}
