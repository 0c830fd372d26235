package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line's schedule, orthogonality and averaging options. */
class OptimizerFamilyCliTest {

    @TempDir
    Path dir;

    @Test
    void trainWithOrthogonalKScheduleAndSwaWritesANetWithOrthonormalK() throws Exception {
        Cli.ok("train", "--quiet", "--no-plots", "--points", "60", "--layers", "3", "--width", "3",
                "--optimizer", "mec", "--orthogonal", "K", "--retraction", "qr", "--schedule", "cyclic",
                "--schedule-period", "5", "--average", "swa", "--iterations", "20", "--out", dir.toString());
        try (OdeNet net = ModelFile.read(dir.resolve(TrainingRun.MODEL_JSON))) {
            double[] u = net.parameters();
            for (int n = 0; n < 3; n++) {
                Parameters.Block k = net.layout().layer(n).block("K");
                for (int a = 0; a < k.cols(); a++) {
                    for (int b = 0; b < k.cols(); b++) {
                        double s = 0.0;
                        for (int i = 0; i < k.rows(); i++) {
                            s += k.get(u, i, a) * k.get(u, i, b);
                        }
                        assertEquals(a == b ? 1.0 : 0.0, s, 1e-12, "K of layer " + n + " column product " + a + b);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "train --schedule cosine --schedule-period 0;period;0",
            "train --average swag --swag-rank 0;rank;0",
            "train --orthogonal beta;beta;p <= n",
            "train --orthogonal W;W;blocks are",
            "train --schedule sawtooth;--schedule;sawtooth"})
    void badScheduleConstraintAndAveragingGiveOneLineNamingTheValue(String command, String name, String value) {
        String[] args = (command + " --quiet --no-plots --points 20 --layers 2 --iterations 2 --out " + dir).split(" ");
        Cli.Result r = Cli.run(args);
        assertNotEquals(0, r.exitCode(), r.out());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), () -> "expected one line, got:\n" + r.err());
        assertTrue(err.contains(name) && err.contains(value), err);
    }
}
