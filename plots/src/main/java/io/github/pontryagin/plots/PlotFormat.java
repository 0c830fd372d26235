package io.github.pontryagin.plots;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The file formats of {@link Plots#write}: a bitmap, or vector graphics for papers. */
public enum PlotFormat {
    /** PNG, rendered at {@link Plots#PNG_SCALE} times the chart's size in pixels. */
    PNG("png"),
    /** SVG 1.1 (VectorGraphics2D). */
    SVG("svg"),
    /** PDF (PDFBox for one chart, VectorGraphics2D for a grid of charts). */
    PDF("pdf");

    private final String extension;

    PlotFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** {@code name} with its extension replaced by this format's ({@code loss.png} → {@code loss.svg}). */
    public String fileName(String name) {
        int dot = name.lastIndexOf('.');
        return (dot < 0 ? name : name.substring(0, dot)) + "." + extension;
    }

    /**
     * The format of a name ({@code png}, {@code svg}, {@code pdf}; case and blanks ignored).
     *
     * @throws IllegalArgumentException naming the value and the formats when it is none of them
     */
    public static PlotFormat byName(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (PlotFormat f : values()) {
            if (f.extension.equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("plot format '" + name + "' is not one of " + choices());
    }

    /** The formats' names, comma-separated. */
    public static String choices() {
        return Arrays.stream(values()).map(PlotFormat::extension).collect(Collectors.joining(", "));
    }
}
