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
        // the same target: every method row that did not stop at the CPU-time cap (which depends on the machine's
        // load) has the same iterations and loss in both tables
        List<String> deterministic = methodRows(firstTable);
        assertTrue(deterministic.stream().anyMatch(r -> r.contains("lbfgs")), "L-BFGS reaches this target: " + deterministic);
        assertEquals(deterministic, methodRows(secondTable));
        assertTrue(again.out().contains("armijo (baseline, cached)"), again.out());
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
    }

    /** The method rows without their time columns, leaving out those stopped by the CPU-time cap. */
    private static List<String> methodRows(String table) {
        return table.lines().filter(l -> l.startsWith("| donut1d") && !l.contains("armijo")
                        && !l.contains("CPU time above the baseline's"))
                .map(l -> {
                    String[] cells = l.split("\\|");
                    return cells[4] + "|" + cells[5] + "|" + cells[6];
                }).toList();
    }
}
