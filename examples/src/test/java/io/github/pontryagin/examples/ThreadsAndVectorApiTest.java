package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.pontryagin.core.kernel.VectorApi;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's {@code --threads} changes nothing but the speed: {@code train} with 1 and 2 threads writes
 * the same parameters and the same history, bit for bit. And the CLI tests run with the Vector API, as the README
 * says of the tests.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ThreadsAndVectorApiTest {

    @TempDir
    Path dir;

    @Test
    void theCommandLineTestsRunWithTheVectorApi() {
        assertTrue(VectorApi.ENABLED, "the examples' surefire argLine must add jdk.incubator.vector: "
                + VectorApi.describe());
    }

    @Test
    void trainGivesTheSameBitsWithOneAndTwoThreads() throws Exception {
        double[][] parameters = new double[2][];
        List<List<String>> histories = new java.util.ArrayList<>();
        for (int threads = 1; threads <= 2; threads++) {
            Path out = dir.resolve("threads-" + threads);
            Cli.ok("train", "--quiet", "--dataset", "spiral", "--points", "300", "--layers", "5", "--tableau", "rk4",
                    "--step-sizes", "free", "--optimizer", "adam", "--iterations", "30", "--batch-size", "200",
                    "--chunk-size", "48", "--threads", Integer.toString(threads), "--seed", "8", "--out",
                    out.toString());
            try (OdeNet net = ModelFile.read(out.resolve(TrainingRun.MODEL_JSON))) {
                parameters[threads - 1] = net.parameters();
            }
            histories.add(Files.readAllLines(out.resolve(TrainingRun.HISTORY_CSV)));
        }
        assertArrayEquals(parameters[0], parameters[1], 0.0, "trained parameters, --threads 1 vs 2");
        assertEquals(histories.get(0), histories.get(1), "history.csv, --threads 1 vs 2");
        assertEquals(31, histories.get(0).size(), "a header and 30 iterations");
    }
}
