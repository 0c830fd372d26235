package io.github.pontryagin.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pontryagin.examples.CompareRun;
import io.github.pontryagin.examples.Pontryagin;
import picocli.CommandLine;

class SparkMainTest {

    @Test
    void seedsAreRangesOrLists() {
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), SparkMain.seeds("1..5"));
        assertEquals(List.of(1L, 2L, 7L, 9L, 10L), SparkMain.seeds("1, 2,7,9..10"));
        assertThrows(IllegalArgumentException.class, () -> SparkMain.seeds("5..1"));
        assertThrows(IllegalArgumentException.class, () -> SparkMain.seeds("a..b"));
    }

    @Test
    void aSweepRunThroughSparkEqualsTheSameRunHere() throws Exception {
        SweepRun run = new SweepRun("donut1d", 40, "heun", "free", 3, 2, 1.0, "adam", 0.05, 15, 4);
        List<SweepRun.Outcome> outcomes = SparkSweep.run(SparkTestContext.get(), List.of(run), SweepRun::run);
        SweepRun.Outcome here = run.run();
        assertEquals(here.finalLoss(), outcomes.get(0).finalLoss(), 0.0);
        assertEquals(here.testAccuracy(), outcomes.get(0).testAccuracy(), 0.0);
        assertEquals("donut1d heun free h", run.cell());
    }

    @Test
    void compareOnSparkGivesForSeedOneTheNumbersOfTheSingleJvmCompare(@TempDir Path dir) throws Exception {
        // the single-JVM command line, seed 1
        int exit = Pontryagin.commandLine().execute("compare", "--suite", "A", "--quick", "--datasets", "donut1d",
                "--models", "ResNet,ODENet", "--tableaux", "euler", "--iterations", "60", "--no-plots", "--threads", "1",
                "--seed", "1", "--out", dir.toString());
        assertEquals(0, exit);
        List<String> single = Files.readAllLines(dir.resolve("compare-A-quick/results.csv"));
        // the same grid over seeds 1..2 as Spark tasks on local[2]
        List<CompareRun> grid = CompareRun.grid("A", true, null, 60, List.of("donut1d"), List.of("ResNet", "ODENet"),
                List.of("euler"), "tanh", SparkMain.seeds("1..2"));
        assertEquals(4, grid.size());
        List<CompareRun.Outcome> outcomes = SparkMain.Compare.run(SparkTestContext.get(), grid);
        List<String> spark = CompareRun.csv(grid, outcomes).lines().toList();
        assertEquals(single.get(0), spark.get(0));
        List<String> seedOne = spark.stream().filter(l -> l.endsWith(",1")).toList();
        assertEquals(2, seedOne.size());
        for (int i = 0; i < 2; i++) {
            String[] expected = single.get(1 + i).split(",");
            String[] actual = seedOne.get(i).split(",");
            expected[9] = "wall";
            actual[9] = "wall";
            assertEquals(String.join(",", expected), String.join(",", actual), "seed 1, run " + i);
        }
        // seed 2 is another run, and the Markdown gives mean +- std per cell
        assertTrue(!spark.get(2).equals(spark.get(1)));
        String markdown = CompareRun.markdown(grid, outcomes, grid.size());
        assertTrue(markdown.contains("| donut1d | ResNet | euler | 100/100 | 60 | 2 |"), markdown);
    }

    @Test
    void trainOnSparkFollowsTheSingleJvmIterates() {
        for (String optimizer : List.of("lipschitz")) {
            SparkMain.Train train = new SparkMain.Train();
            new CommandLine(train).parseArgs("--dataset", "donut2d", "--points", "90", "--layers", "4",
                    "--width", "3", "--tableau", "heun", "--optimizer", optimizer, "--iterations", "6",
                    "--partitions", "3");
            PrintWriter sink = new PrintWriter(new StringWriter());
            SparkMain.Train.Fitted distributed = train.fit(SparkTestContext.get(), sink);
            SparkMain.Train.Fitted single = train.fit(null, sink);
            assertEquals(6, distributed.losses().length);
            for (int k = 0; k < 6; k++) {
                assertEquals(single.losses()[k], distributed.losses()[k], 1e-12 * Math.abs(single.losses()[k]),
                        optimizer + " loss of step " + k);
            }
            assertTrue(single.losses()[5] < single.losses()[0], optimizer + " decreases the loss");
            for (int i = 0; i < single.parameters().length; i++) {
                assertEquals(single.parameters()[i], distributed.parameters()[i],
                        1e-12 * Math.max(1, Math.abs(single.parameters()[i])), optimizer + " parameter " + i);
            }
            assertEquals(single.testAccuracy(), distributed.testAccuracy(), 0.0);
        }
    }
}
