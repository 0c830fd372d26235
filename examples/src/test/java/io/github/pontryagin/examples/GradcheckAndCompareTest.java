package io.github.pontryagin.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pontryagin.odenets.data.DatasetGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.github.pontryagin.plots.Plots;

class GradcheckAndCompareTest {

    @TempDir
    Path dir;

    @Test
    void gradcheckPassesAndPrintsEveryBlock() {
        Cli.Result r = Cli.ok("gradcheck", "--points", "20", "--layers", "3", "--tableau", "heun",
                "--learnable-lift", "--width", "3");
        for (String block : List.of("| K |", "| beta |", "| h |", "| head W |", "| head mu |", "| lift |")) {
            assertTrue(r.out().contains(block), () -> "missing row " + block + " in\n" + r.out());
        }
        assertTrue(r.out().contains("PASS"), r.out());
    }

    @Test
    void gradcheckJudgesBlocksWithAVanishingGradientByTheirAbsoluteError() {
        // softmax with the paper's W = 10 everywhere: equal logits, so the gradient of K, beta, h and mu is 0
        Cli.Result r = Cli.ok("gradcheck", "--head", "softmax", "--points", "20", "--layers", "2");
        assertTrue(r.out().contains("vanishing gradient"), r.out());
        assertTrue(r.out().contains("head mu"), r.out());
        assertTrue(r.out().contains("PASS"), r.out());
    }

    @Test
    void gradcheckFailsWithExitCodeOneWhenTheToleranceCannotBeMet() {
        Cli.Result r = Cli.run("gradcheck", "--points", "10", "--layers", "2", "--tolerance", "1e-300");
        assertEquals(1, r.exitCode());
        assertTrue(r.out().contains("FAIL"), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("gradient check failed"), r.err());
    }

    @Test
    void compareQuickOnASubsetWritesTablesAndPlots() throws Exception {
        Cli.Result r = Cli.ok("compare", "--quick", "--datasets", "donut1d,spiral", "--models",
                "Net,ODENet+simplex,Hamiltonian,2nd-order-SV", "--tableaux", "euler", "--points", "40", "--iterations",
                "15", "--threads", "2", "--out", dir.toString());
        Path results = dir.resolve("compare-A-quick");
        String markdown = Files.readString(results.resolve("results.md"));
        assertTrue(r.out().contains(markdown.strip().lines().skip(2).findFirst().orElseThrow()),
                "the Markdown table is printed");
        assertTrue(r.out().contains("Total wall time"), r.out());
        assertFalse(markdown.contains("Partial"), "the final table is complete");
        List<String> tableRows = markdown.lines().filter(l -> l.startsWith("| donut1d") || l.startsWith("| spiral"))
                .toList();
        assertEquals(8, tableRows.size(), markdown);
        assertTrue(markdown.contains("| spiral | Hamiltonian | - | 40/40 | 15 |"), markdown);
        assertTrue(markdown.contains("| donut1d | 2nd-order-SV | - | 40/40 | 15 |"), markdown);
        assertTrue(markdown.contains("| spiral | ODENet+simplex | euler | 40/40 | 15 |"), markdown);
        assertTrue(markdown.contains("| donut1d | Net | - | 40/40 | 15 |"), markdown);
        List<String> csv = Files.readAllLines(results.resolve("results.csv"));
        assertEquals(9, csv.size());
        assertEquals("dataset,model,tableau,train_points,test_points,iterations,train_accuracy,test_accuracy,"
                + "final_loss,wall_time_seconds,completed,growth_median,growth_max,seed", csv.get(0));
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            assertEquals(14, f.length, line);
            double train = Double.parseDouble(f[6]);
            double test = Double.parseDouble(f[7]);
            assertTrue(train >= 0 && train <= 1 && test >= 0 && test <= 1, line);
            assertTrue(Double.parseDouble(f[8]) > 0, line);
            assertEquals("true", f[10]);
            double median = Double.parseDouble(f[11]);
            assertTrue(median > 0 && median <= Double.parseDouble(f[12]) && Double.isFinite(median), line);
        }
        Path run = results.resolve("spiral/odenet-simplex-euler");
        Cli.png(run.resolve(TrainingRun.REGIONS_PNG), Plots.WIDTH, Plots.HEIGHT);
        Cli.png(run.resolve(TrainingRun.STEP_SIZES_PNG), Plots.WIDTH, Plots.HEIGHT);
        Cli.png(run.resolve(TrainingRun.LAYERS_PNG), Cli.layersWidth(), Cli.layersHeight());
        assertTrue(Files.isRegularFile(run.resolve(TrainingRun.HISTORY_CSV)));
        // every run's model is saved by default (--no-models turns it off)
        for (String runDir : List.of("spiral/odenet-simplex-euler", "spiral/net", "donut1d/hamiltonian")) {
            assertTrue(Files.readString(results.resolve(runDir).resolve("model.json")).contains("\"parameters\""),
                    runDir + "/model.json");
        }
        assertFalse(Files.exists(results.resolve("spiral/net/step-sizes.png")), "Net has no step sizes");
        Cli.png(results.resolve("donut1d/net/decision-regions.png"), Plots.WIDTH, Plots.HEIGHT);
        Cli.hasContent(Cli.png(results.resolve("spiral/loss-comparison.png"), Plots.WIDTH + 260, Plots.HEIGHT), 4);
    }

    @Test
    void resumeKeepsTheRecordedRunsAndRunsOnlyTheMissingOnes() throws Exception {
        String[] grid = {"compare", "--quick", "--datasets", "donut1d", "--models", "Net,ResNet", "--tableaux",
                "euler,heun", "--points", "30", "--iterations", "8", "--seeds", "1..2", "--threads", "2", "--no-plots",
                "--no-models", "--out", dir.toString()};
        Cli.ok(grid);
        Path csv = dir.resolve("compare-A-quick/results.csv");
        List<String> full = Files.readAllLines(csv);
        assertEquals(1 + 6, full.size(), String.join("\n", full));
        // an interrupted sweep: two runs recorded, one of them with a recognisable (impossible) loss
        String marked = full.get(3).replaceFirst("^((?:[^,]*,){8})[^,]*", "$1" + "123.5");
        Files.write(csv, List.of(full.get(0), full.get(1), marked));
        Cli.Result r = Cli.ok(concat(grid, "--resume"));
        assertTrue(r.out().contains("Resuming: 2 of 6 runs are in"), r.out());
        assertTrue(r.out().contains("(this run; 2 runs resumed from results.csv)"), r.out());
        assertEquals(4, r.out().lines().filter(l -> l.startsWith("[")).count(), r.out());
        List<String> resumed = Files.readAllLines(csv);
        assertEquals(full.size(), resumed.size());
        for (int i = 0; i < full.size(); i++) {
            String expected = i == 3 ? marked : full.get(i);
            assertEquals(withoutWallTime(expected), withoutWallTime(resumed.get(i)), "line " + (i + 1));
        }
        // a recorded run outside the grid is refused in one line, exit code 2
        Files.write(csv, List.of(full.get(0), full.get(1).replace("donut1d", "spiral")));
        Cli.Result bad = Cli.run(concat(grid, "--resume"));
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().lines().findFirst().orElseThrow().contains("--resume: " + csv + " line 2 is the run "
                + "spiral Net - seed 1, which is not in this grid"), bad.err());
    }

    private static String withoutWallTime(String csvLine) {
        return csvLine.replaceFirst("^((?:[^,]*,){9})[^,]*", "$1");
    }

    private static String[] concat(String[] a, String b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + 1);
        c[a.length] = b;
        return c;
    }

    @Test
    void partialTablesSayHowManyRunsFinished() {
        CompareRun run = new CompareRun("A", false, null, null, "spiral", "ODENet", "rk4", "tanh", 1);
        CompareRun.Outcome outcome = new CompareRun.Outcome(5, 5, 10, 0.9, 0.8, 0.1, 1.0, true, null, 1.5, 2.25);
        CompareCommand.Row row = new CompareCommand.Row(run, outcome, new double[]{0.2, 0.1});
        String markdown = CompareCommand.markdown(List.of(row), 3);
        assertTrue(markdown.contains("Partial: 1 of 3 runs finished."), markdown);
        assertTrue(markdown.contains("| spiral | ODENet | rk4 | 5/5 | 10 | 0.900 | 0.800 | 0.1000 | 1.50/2.25 | 1.0 |  |"), markdown);
        assertFalse(CompareCommand.markdown(List.of(row), 1).contains("Partial"));
    }

    @Test
    void severalSeedsGiveMeanAndStandardDeviationPerCell() {
        CompareRun one = new CompareRun("A", true, null, null, "spiral", "ODENet", "rk4", "tanh", 1);
        CompareRun two = new CompareRun("A", true, null, null, "spiral", "ODENet", "rk4", "tanh", 2);
        CompareRun other = new CompareRun("A", true, null, null, "spiral", "ResNet", "rk4", "tanh", 1);
        CompareRun.Outcome a = new CompareRun.Outcome(5, 5, 10, 0.9, 0.8, 0.1, 1.0, true, null, 1.5, 2.25);
        CompareRun.Outcome b = new CompareRun.Outcome(5, 5, 10, 0.7, 0.6, 0.3, 3.0, false, "stopped", 2.5, 3.0);
        String markdown = CompareRun.markdown(List.of(one, two, other), List.of(a, b, a), 3);
        // mean 0.8, sample std sqrt(0.02) = 0.1414 of the train accuracies 0.9 and 0.7
        assertTrue(markdown.contains("| spiral | ODENet | rk4 | 5/5 | 10 | 2 | 0.800 ± 0.141 | 0.700 ± 0.141 "
                + "| 0.200 ± 0.141 | 2.00 ± 0.707 | 2.0 ± 1.4 | 1 |"), markdown);
        assertTrue(markdown.contains("| spiral | ResNet | rk4 | 5/5 | 10 | 1 | 0.900 ± 0.000 |"), markdown);
        assertTrue(markdown.contains("seeds 1,2 (3 runs)"), markdown);
        String csv = CompareRun.csv(List.of(one, two), List.of(a, b));
        assertTrue(csv.lines().toList().get(2).endsWith(",2"), csv);
        assertEquals(List.of(1L, 2L, 3L, 7L), CompareRun.seeds("1..3, 7"));
        assertThrows(IllegalArgumentException.class, () -> CompareRun.seeds("3..1"));
        assertThrows(IllegalArgumentException.class, () -> CompareRun.seeds("x"));
        assertEquals(2 * 2 + 2, CompareRun.grid("A", true, null, null, List.of("spiral"), List.of("Net", "ODENet"),
                List.of("euler", "rk4"), "tanh", List.of(1L, 2L)).size());
    }

    @Test
    void suitesHaveThePapersSettings() {
        Experiment.Suite a = Experiment.Suite.a();
        assertEquals(20, a.layers());
        assertEquals(1.0, a.horizon());
        assertEquals(2, a.width());
        assertEquals(500, a.points(DatasetGenerator.DONUT1D));
        assertEquals(1000, a.points(DatasetGenerator.SPIRAL));
        assertEquals(5000, a.iterations(DatasetGenerator.DONUT1D));
        assertEquals(8000, a.iterations(DatasetGenerator.DONUT2D));
        assertEquals(20000, a.iterations(DatasetGenerator.SPIRAL));
        assertEquals(8000, a.iterations(DatasetGenerator.SQUARES));
        assertEquals(new io.github.pontryagin.core.optim.LipschitzBacktracking(0.1, 1.5, 0.99, 200),
                a.optimizer().get());
        Experiment.Suite b = Experiment.Suite.b();
        assertEquals(15, b.layers());
        assertEquals(0.1, b.horizon() / b.layers(), 1e-15);
        for (DatasetGenerator g : DatasetGenerator.all()) {
            assertEquals(1000, b.points(g));
            assertEquals(10000, b.iterations(g));
        }
        io.github.pontryagin.core.optim.ArmijoBacktracking armijo =
                (io.github.pontryagin.core.optim.ArmijoBacktracking) b.optimizer().get();
        assertEquals(0.5, armijo.shrink());
        assertEquals(0.4, armijo.sufficientDecrease());
        Experiment.Suite quick = a.quick();
        assertEquals(1000, quick.iterations(DatasetGenerator.SPIRAL));
        assertEquals(200, quick.points(DatasetGenerator.SPIRAL));
    }
}
