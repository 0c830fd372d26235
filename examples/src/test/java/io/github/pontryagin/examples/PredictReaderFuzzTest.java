package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import io.github.pontryagin.odenets.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeded mutation fuzzer of {@code ReaderFuzzTest} (ode-nets) applied to the reader of {@code predict}:
 * mutated point files (with and without header and labels) either read or fail with {@link
 * DataFormatException} naming the file, in a bounded time. {@code -Dfuzz.inputs=N} runs more.
 */
class PredictReaderFuzzTest {

    static final int INPUTS = Integer.getInteger("fuzz.inputs", 500);
    private static final String[] SEEDS = {"x1,x2,label\n0.1,0.2,0\n-0.3,0.4,1\n# comment\n\n0.5,-0.6,1\n",
            "0.1,0.2\n-0.3,0.4\n0.5,-0.6\n"};
    private static final String[] NUMBERS = {"0", "-1", "1", "2", "1.5", "2147483648", "1e400", "NaN", "-0",
            "Infinity", "1e-320", "x", ""};
    private static final String STRUCTURE = ",#\n\r \t.-e0123456789\u00e9";

    @TempDir
    Path dir;

    @Test
    void predictReaderThrowsOnlyDataFormatException() throws Exception {
        SplittableRandom random = new SplittableRandom(1802);
        Path file = dir.resolve("points.csv");
        int rejected = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = SEEDS[i % SEEDS.length].getBytes(StandardCharsets.UTF_8);
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                input = mutate(input, random);
            }
            Files.write(file, input);
            int n = i;
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> PredictCommand.read(file, 2, 2));
            } catch (DataFormatException e) {
                assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().length() < 1000,
                        () -> "input " + n + ": " + e.getMessage());
                rejected++;
            }
        }
        System.out.printf("PredictReaderFuzzTest: %d mutated inputs, %d rejected with DataFormatException%n", INPUTS,
                rejected);
        assertTrue(rejected > INPUTS / 10, rejected + " of " + INPUTS + " rejected: the mutations are too weak");
    }

    /**
     * The reader of {@code compare --resume}: a mutated {@code results.csv} of a small grid either reads (runs of the
     * grid only) or fails with an {@link IllegalArgumentException} naming the file, in one line.
     */
    @Test
    void compareResultsReaderThrowsOnlyIllegalArgumentException() throws Exception {
        java.util.List<CompareRun> grid = CompareRun.grid("A", true, 40, 10, java.util.List.of("donut1d"),
                java.util.List.of("Net", "ResNet"), java.util.List.of("euler"), "tanh", java.util.List.of(1L, 2L));
        CompareRun.Outcome outcome = new CompareRun.Outcome(40, 40, 10, 0.9, 0.85, 0.0625, 1.25, true, null, 1.5, 2.5);
        String valid = CompareRun.csv(grid, java.util.Collections.nCopies(grid.size(), outcome));
        assertTrue(CompareRun.readResults(write(valid), grid).size() == grid.size(), "the unmutated file reads whole");
        SplittableRandom random = new SplittableRandom(1803);
        int rejected = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = valid.getBytes(StandardCharsets.UTF_8);
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                input = mutate(input, random);
            }
            Path file = dir.resolve("results.csv");
            Files.write(file, input);
            int n = i;
            try {
                java.util.Map<CompareRun, CompareRun.Outcome> read =
                        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CompareRun.readResults(file, grid));
                assertTrue(grid.containsAll(read.keySet()), () -> "input " + n + ": a run outside the grid");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().lines().count() == 1,
                        () -> "input " + n + ": " + e.getMessage());
                rejected++;
            }
        }
        System.out.printf("compare results reader: %d mutated inputs, %d rejected%n", INPUTS, rejected);
        assertTrue(rejected > INPUTS / 10, rejected + " of " + INPUTS + " rejected: the mutations are too weak");
    }

    private Path write(String text) throws java.io.IOException {
        Path file = dir.resolve("valid.csv");
        Files.writeString(file, text);
        return file;
    }

    private static byte[] mutate(byte[] b, SplittableRandom random) {
        int at = b.length == 0 ? 0 : random.nextInt(b.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        switch (random.nextInt(5)) {
            case 0 -> out.write(b.length == 0 ? 'x' : b[at] ^ (1 << random.nextInt(8)));
            case 1 -> out.write(STRUCTURE.charAt(random.nextInt(STRUCTURE.length())));
            case 2 -> out.writeBytes(NUMBERS[random.nextInt(NUMBERS.length)].getBytes(StandardCharsets.UTF_8));
            case 3 -> {
                byte fill = (byte) ",0\u00ff".charAt(random.nextInt(3));
                for (int k = 1000 + random.nextInt(5000); k > 0; k--) {
                    out.write(fill);
                }
            }
            default -> {
                return out.toByteArray(); // truncate
            }
        }
        out.write(b, Math.min(b.length, at + 1), Math.max(0, b.length - at - 1));
        return out.toByteArray();
    }
}
