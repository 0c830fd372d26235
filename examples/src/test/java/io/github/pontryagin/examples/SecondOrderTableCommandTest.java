package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pontryagin second-order-table} at a tiny size: the table has the baseline and every method per cell, and
 * {@code --baseline-cache} stores the baseline (its loss to the last bit) and reuses it on the next run, so that the
 * methods are measured against the same target without rerunning gradient descent.
 */
class SecondOrderTableCommandTest {

    @TempDir
    Path dir;

    private static final String SMALL = "second-order-table --datasets donut1d --models ResNet --points 60 "
            + "--baseline-iterations 30 --max-iterations 40 --methods levenberg-marquardt,newton-cg-tr,lbfgs";

    @Test
    void theBaselineCacheIsWrittenOnceAndReusedWithTheSameTarget() throws Exception {
        Path cache = dir.resolve("baselines.csv");
        Path first = dir.resolve("first.md");
        Path second = dir.resolve("second.md");
        Cli.ok((SMALL + " --out " + dir + " --baseline-cache " + cache + " --table " + first).split(" "));
        List<String> rows = Files.readAllLines(cache, StandardCharsets.UTF_8);
        assertEquals(2, rows.size(), "header and one baseline: " + rows);
        assertEquals("dataset,model,points,seed,iterations,loss,cpu_s,wall_s", rows.get(0));
        assertTrue(rows.get(1).startsWith("donut1d,ResNet,60,1,30,"), rows.get(1));
        String firstTable = Files.readString(first, StandardCharsets.UTF_8);
        assertTrue(firstTable.contains("| armijo (baseline) |"), firstTable);
        for (String method : List.of("levenberg-marquardt", "newton-cg-tr", "lbfgs")) {
            assertTrue(firstTable.contains("| " + method + " |"), method + " missing:\n" + firstTable);
        }

        Cli.Result again = Cli.ok((SMALL + " --out " + dir + " --baseline-cache " + cache + " --table " + second)
                .split(" "));
        String secondTable = Files.readString(second, StandardCharsets.UTF_8);
        assertTrue(secondTable.contains("| armijo (baseline, cached) |"), secondTable);
        assertEquals(rows, Files.readAllLines(cache, StandardCharsets.UTF_8), "the cache is unchanged");
        // the same target: every method row (iterations and loss) is the same in both tables, except rows that the
        // CPU-time cap (a measured quantity, which varies with the machine's load) cut short in either run
        List<String> firstRows = methodRows(firstTable);
        List<String> secondRows = methodRows(secondTable);
        assertEquals(firstRows.size(), secondRows.size());
        int compared = 0;
        for (int i = 0; i < firstRows.size(); i++) {
            if (firstRows.get(i).contains("CPU time") || secondRows.get(i).contains("CPU time")) {
                continue;
            }
            assertEquals(firstRows.get(i), secondRows.get(i));
            compared++;
        }
        assertTrue(compared >= 1 && firstRows.get(2).contains("lbfgs") && !firstRows.get(2).contains("CPU time"),
                "lbfgs (a few ms) is always compared: " + firstRows);
        assertTrue(again.out().contains("armijo (baseline, cached)"), again.out());
    }

    /**
     * Spiral ResNet at the suite-B settings, the cell plain L-BFGS never reached (0.0121 after 10 000 iterations,
     * ‖u‖ running off from 16 to 270): with the default relative step bound it reaches GD + Armijo's
     * 10 000-iteration loss (the cached target below, to the last bit) in 53 iterations; 60 are allowed.
     */
    @Test
    void lbfgsWithTheDefaultStepBoundReachesTheSpiralResNetTarget() throws Exception {
        Path cache = dir.resolve("spiral.csv");
        Files.writeString(cache, "dataset,model,points,seed,iterations,loss,cpu_s,wall_s\n"
                + "spiral,ResNet,1000,1,10000,0.008910483649726651,23.940636175,81.674232606\n");
        Path table = dir.resolve("spiral.md");
        Cli.ok(("second-order-table --datasets spiral --models ResNet --methods lbfgs --max-iterations 60 --out " + dir
                + " --baseline-cache " + cache + " --table " + table).split(" "));
        String row = Files.readAllLines(table, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("| spiral | ResNet | 93 | lbfgs |")).findFirst().orElseThrow();
        String iterations = row.split("\\|")[5].strip();
        assertTrue(iterations.matches("\\d+") && Integer.parseInt(iterations) <= 60, row);
    }

    @Test
    void aMalformedCacheIsAOneLineError() throws Exception {
        Path cache = dir.resolve("bad.csv");
        Files.writeString(cache, "dataset,model,points,seed,iterations,loss,cpu_s,wall_s\ndonut1d,ResNet,60\n");
        Cli.Result r = Cli.run((SMALL + " --out " + dir + " --baseline-cache " + cache).split(" "));
        assertEquals(2, r.exitCode(), r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("--baseline-cache") && err.contains("line 2"), err);

        Files.write(cache, new byte[] {'d', (byte) 0xff, (byte) 0xfe, '\n'});
        Cli.Result binary = Cli.run((SMALL + " --out " + dir + " --baseline-cache " + cache).split(" "));
        assertEquals(2, binary.exitCode(), binary.err());
        assertEquals(1, binary.err().strip().lines().count(), binary.err());
        assertTrue(binary.err().contains("--baseline-cache " + cache + " is not UTF-8 text"), binary.err());
    }

    /** The method rows without their time columns. */
    private static List<String> methodRows(String table) {
        return table.lines().filter(l -> l.startsWith("| donut1d") && !l.contains("armijo"))
                .map(l -> {
                    String[] cells = l.split("\\|");
                    return cells[4] + "|" + cells[5] + "|" + cells[6];
                }).toList();
    }
}
