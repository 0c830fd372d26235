package io.github.pontryagin.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.github.pontryagin.plots.Plots;

/** Runs the command line in-process and captures its output. */
final class Cli {

    record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        CommandLine cl = Pontryagin.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs and asserts exit code 0, showing stderr otherwise. */
    static Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.exitCode(), () -> "exit code of " + String.join(" ", args) + "; stderr: " + r.err());
        return r;
    }

    /**
     * Asserts that {@code path} is a PNG image of the given size in points ({@link Plots#PNG_SCALE} pixels
     * each) and returns it.
     */
    static BufferedImage png(Path path, int pointWidth, int pointHeight) throws IOException {
        int width = pointWidth * Plots.PNG_SCALE;
        int height = pointHeight * Plots.PNG_SCALE;
        assertTrue(Files.isRegularFile(path), () -> path + " was not written");
        BufferedImage image = ImageIO.read(path.toFile());
        assertNotNull(image, () -> path + " is not a readable image");
        assertEquals(width, image.getWidth(), () -> "width of " + path);
        assertEquals(height, image.getHeight(), () -> "height of " + path);
        return image;
    }

    /** Asserts that an image is not blank: it holds at least {@code colours} distinct colours. */
    static void hasContent(BufferedImage image, int colours) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
                if (seen.size() >= colours) {
                    return;
                }
            }
        }
        throw new AssertionError("image has only " + seen.size() + " colours, expected at least " + colours);
    }

    /** Height of the layer-by-layer grid with six panels. */
    static int layersHeight() {
        return 36 + 2 * Plots.PANEL_HEIGHT;
    }

    static int layersWidth() {
        return Plots.PANEL_COLUMNS * Plots.PANEL_WIDTH;
    }
}
