package io.github.pontryagin.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingResult;

class SparkSweepTest {

    @TempDir
    Path directory;

    /** One small training run of the grid. */
    record Task(String tableau, long seed) implements Serializable {
    }

    static double[] train(Task task) throws IOException {
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(3).tableau(task.tableau())
                .seed(task.seed()).build()) {
            TrainingResult r = Trainer.builder().optimizer(Optimizers.adam(0.05)).iterations(20).seed(task.seed())
                    .build().train(net, Datasets.squares(100, task.seed()), Datasets.squares(100, task.seed() + 1));
            return new double[] {r.finalLoss(), r.trainAccuracy(), r.testAccuracy()};
        }
    }

    @Test
    void everyRunOfTheGridEqualsTheSameRunOnOneJvmInGridOrder() throws Exception {
        List<Task> grid = new ArrayList<>();
        for (String tableau : List.of("euler", "rk4")) {
            for (long seed = 1; seed <= 2; seed++) {
                grid.add(new Task(tableau, seed));
            }
        }
        List<double[]> results = SparkSweep.run(SparkTestContext.get(), grid, SparkSweepTest::train);
        assertEquals(grid.size(), results.size());
        for (int i = 0; i < grid.size(); i++) {
            assertArrayEquals(train(grid.get(i)), results.get(i), 0.0, "run " + grid.get(i));
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndAppearsExactlyOnce() throws Exception {
        Path attempts = directory.resolve("attempts.log");
        Files.createFile(attempts);
        String log = attempts.toString();
        List<Task> grid = List.of(new Task("euler", 1), new Task("heun", 2), new Task("rk4", 3));
        List<double[]> results = SparkSweep.run(SparkTestContext.get(), grid, task -> {
            Path file = Path.of(log);
            Files.writeString(file, task.tableau() + "\n", StandardOpenOption.APPEND);
            long tries = Files.readAllLines(file).stream().filter(task.tableau()::equals).count();
            if (task.tableau().equals("heun") && tries == 1) {
                throw new IllegalStateException("executor lost in the middle of the sweep (simulated)");
            }
            return train(task);
        });
        List<String> lines = Files.readAllLines(attempts);
        assertEquals(2, lines.stream().filter("heun"::equals).count(), "heun ran twice: " + lines);
        assertEquals(1, lines.stream().filter("rk4"::equals).count(), lines.toString());
        assertEquals(3, results.size());
        for (int i = 0; i < grid.size(); i++) {
            assertArrayEquals(train(grid.get(i)), results.get(i), 0.0, "run " + grid.get(i));
        }
    }

    @Test
    void meanAndStandardDeviationOverSeeds() {
        double[] ms = SparkSweep.meanAndStd(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertEquals(5.0, ms[0], 1e-15);
        assertEquals(Math.sqrt(32.0 / 7), ms[1], 1e-15);
        assertArrayEquals(new double[] {0.25, 0}, SparkSweep.meanAndStd(new double[] {0.25}), 0.0);
        assertTrue(SparkSweep.meanAndStd(new double[] {1, 1, 1})[1] == 0);
    }
}
