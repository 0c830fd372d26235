package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --plot-format}: every plot of a run in the chosen format, and a one-line error for others. */
class PlotFormatCliTest {

    @TempDir
    Path dir;

    @Test
    void trainWritesEveryPlotAsSvgAndDatasetsAsPdf() throws Exception {
        Cli.Result r = Cli.ok("train", "-q", "--points", "30", "--layers", "3", "--iterations", "5", "--plot-format",
                "svg", "--out", dir.toString());
        for (String png : TrainingRun.PLOT_FILES) {
            String svg = png.replace(".png", ".svg");
            Path file = dir.resolve(svg);
            assertTrue(Files.isRegularFile(file), svg + " written; " + r.out());
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertTrue(text.contains("<svg") && text.strip().endsWith("</svg>"), svg + " is an SVG document");
            assertFalse(Files.exists(dir.resolve(png)), "no PNG beside the SVG: " + png);
            assertTrue(r.out().contains(svg), "the summary lists " + svg);
        }
        Cli.ok("datasets", "--dataset", "donut1d", "--points", "20", "--plot-format", "PDF", "--out", dir.toString());
        byte[] pdf = Files.readAllBytes(dir.resolve("donut1d.pdf"));
        assertTrue(new String(pdf, 0, 8, StandardCharsets.ISO_8859_1).startsWith("%PDF-1."));
    }

    @Test
    void anUnknownPlotFormatIsAUsageErrorInOneLine() {
        Cli.Result r = Cli.run("train", "--plot-format", "jpeg", "--out", dir.toString());
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--plot-format") && r.err().contains("'jpeg'") && r.err().contains("png, svg, pdf"),
                r.err());
    }
}
