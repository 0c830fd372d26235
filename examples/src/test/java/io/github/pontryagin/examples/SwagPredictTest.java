package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pontryagin.core.optim.WeightAverage;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.io.SwagFile;

/**
 * {@code train --average swag} writes the SWAG statistics and {@code predict --swag} turns them into predictive means
 * and standard deviations per point, seeded; checked against an independent Monte Carlo over the library.
 */
class SwagPredictTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path swag;
    static Path points;

    @BeforeAll
    static void trainWithSwag() {
        Path out = dir.resolve("run");
        model = out.resolve("model.json");
        Cli.Result r = Cli.ok("train", "--quiet", "--no-plots", "--dataset", "spiral", "--points", "60", "--layers",
                "3", "--optimizer", "gd", "--lr", "0.05", "--iterations", "40", "--average", "swag", "--swag-rank", "4",
                "--average-start", "10", "--out", out.toString());
        swag = out.resolve("swag.json");
        assertTrue(Files.isRegularFile(swag), "train --average swag writes swag.json; out: " + r.out());
        assertTrue(r.out().contains(swag.toString()), r.out());
        Cli.ok("datasets", "--dataset", "spiral", "--points", "25", "--seed", "9", "--out", dir.toString());
        points = dir.resolve("spiral.csv");
    }

    private static List<String> predict(String name, String... extra) throws Exception {
        Path output = dir.resolve(name);
        String[] base = {"predict", "--model", model.toString(), "--input", points.toString(), "--output-file",
                output.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        Cli.ok(args);
        return Files.readAllLines(output);
    }

    @Test
    void predictiveMeanAndStdMatchAnIndependentMonteCarloAndDependOnTheSeed() throws Exception {
        int samples = 12;
        List<String> lines = predict("swag-a.csv", "--swag", swag.toString(), "--swag-samples",
                Integer.toString(samples), "--seed", "4");
        assertEquals("x1,x2,label,p0,p1,std0,std1,prediction", lines.get(0));
        int m = lines.size() - 1;
        assertEquals(25, m);
        double[][] rows = new double[m][];
        double[] features = new double[2 * m];
        for (int k = 0; k < m; k++) {
            String[] f = lines.get(k + 1).split(",");
            rows[k] = java.util.Arrays.stream(f).mapToDouble(Double::parseDouble).toArray();
            features[k] = rows[k][0];
            features[m + k] = rows[k][1];
        }
        // the same K draws, summed directly (two passes: mean, then squared deviations)
        try (OdeNet net = ModelFile.read(model)) {
            WeightAverage w = SwagFile.read(swag, net.parameters().length);
            assertEquals(4, w.rank());
            assertEquals(31, w.count(), "iterates 10..40 collected");
            SplittableRandom random = new SplittableRandom(4);
            double[][] p = new double[samples][];
            double[] u = new double[w.dimension()];
            for (int s = 0; s < samples; s++) {
                w.sample(random, u);
                net.setParameters(u);
                p[s] = net.probabilities(features, m);
            }
            double largestStd = 0.0;
            for (int k = 0; k < m; k++) {
                for (int c = 0; c < 2; c++) {
                    double mean = 0.0;
                    for (double[] ps : p) {
                        mean += ps[c * m + k] / samples;
                    }
                    double variance = 0.0;
                    for (double[] ps : p) {
                        variance += (ps[c * m + k] - mean) * (ps[c * m + k] - mean) / samples;
                    }
                    assertEquals(mean, rows[k][3 + c], 1e-12, "mean of class " + c + " at point " + k);
                    assertEquals(Math.sqrt(variance), rows[k][5 + c], 1e-10, "std of class " + c + " at point " + k);
                    largestStd = Math.max(largestStd, rows[k][5 + c]);
                }
                assertEquals(1.0, rows[k][3] + rows[k][4], 1e-12, "the mean probabilities sum to 1");
                assertEquals(rows[k][4] > rows[k][3] ? 1.0 : 0.0, rows[k][7], "prediction = class of the largest mean");
            }
            assertTrue(largestStd > 1e-4, "the samples differ: largest std " + largestStd);
        }
        assertEquals(lines, predict("swag-b.csv", "--swag", swag.toString(), "--swag-samples",
                Integer.toString(samples), "--seed", "4"), "same seed, same file");
        assertNotEquals(lines, predict("swag-c.csv", "--swag", swag.toString(), "--swag-samples",
                Integer.toString(samples), "--seed", "5"), "another seed, other samples");
        assertEquals("x1,x2,label,p0,p1,prediction", predict("plain.csv").get(0), "without --swag: no std columns");
    }

    @Test
    void badSwagInputsEndWithOneLine() throws Exception {
        Path output = dir.resolve("bad.csv");
        Cli.Result zero = Cli.run("predict", "--model", model.toString(), "--input", points.toString(), "--output-file",
                output.toString(), "--swag", swag.toString(), "--swag-samples", "0");
        assertEquals(Pontryagin.EXIT_USAGE, zero.exitCode());
        assertEquals("pontryagin predict: --swag-samples must be >= 1 (parameter samples drawn from the SWAG Gaussian),"
                + " got 0 (see pontryagin predict --help)", zero.err().strip());

        Cli.Result alone = Cli.run("predict", "--model", model.toString(), "--input", points.toString(), "--output-file",
                output.toString(), "--swag-samples", "5");
        assertEquals(Pontryagin.EXIT_USAGE, alone.exitCode());
        assertTrue(alone.err().strip().startsWith("pontryagin predict: --swag-samples needs --swag FILE"),
                alone.err());

        Cli.Result wrongFile = Cli.run("predict", "--model", model.toString(), "--input", points.toString(),
                "--output-file", output.toString(), "--swag", model.toString());
        assertEquals(Pontryagin.EXIT_FAILURE, wrongFile.exitCode());
        assertEquals("pontryagin predict: " + model + ": not a SWAG file (format must be 'pontryagin-swag'; it is"
                + " written by 'train --average swag')", wrongFile.err().strip());

        Path otherModel = dir.resolve("other.json");
        Cli.ok("train", "--quiet", "--no-plots", "--dataset", "spiral", "--points", "30", "--layers", "2",
                "--iterations", "2", "--out", dir.resolve("other").toString(), "--model", otherModel.toString());
        Cli.Result mismatch = Cli.run("predict", "--model", otherModel.toString(), "--input", points.toString(),
                "--output-file", output.toString(), "--swag", swag.toString());
        assertEquals(Pontryagin.EXIT_FAILURE, mismatch.exitCode());
        assertTrue(mismatch.err().strip().matches("pontryagin predict: .*swag\\.json: SWAG statistics of \\d+ parameters"
                + " but the model has \\d+ \\(was it written for another model\\?\\)"), mismatch.err());
        assertEquals(1, mismatch.err().strip().lines().count());
        assertFalse(Files.exists(output), "nothing is written");
    }

    @Test
    void swagStatisticsSurviveTheFile() throws Exception {
        WeightAverage w = WeightAverage.swag(3, 2);
        w.add(new double[] {1, 2, 3});
        w.add(new double[] {2, 0, 3.5});
        w.add(new double[] {0.5, 1, 1});
        Path file = dir.resolve("three.swag.json");
        SwagFile.write(file, w);
        WeightAverage back = SwagFile.read(file, 3);
        assertEquals(w.count(), back.count());
        assertArrayEquals(w.mean(), back.mean(), 0.0);
        assertArrayEquals(w.squareMean(), back.squareMean(), 0.0);
        double[] a = new double[3];
        double[] b = new double[3];
        w.sample(new SplittableRandom(7), a);
        back.sample(new SplittableRandom(7), b);
        assertArrayEquals(a, b, 0.0, "the same samples from the read-back statistics");
    }
}
