package io.github.pontryagin.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.DatasetCsv;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.io.ModelFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.github.pontryagin.plots.Plots;

class PredictAndDatasetsTest {

    @TempDir
    Path dir;

    @Test
    void datasetsWritesCsvEqualToTheGeneratorAndAPlot() throws Exception {
        Cli.ok("datasets", "--datasets", "spiral,donut1d", "--points", "50", "--seed", "7", "--out", dir.toString());
        assertEquals(Datasets.spiral(50, 7), DatasetCsv.read(dir.resolve("spiral.csv")));
        assertEquals(Datasets.donut1d(50, 7), DatasetCsv.read(dir.resolve("donut1d.csv")));
        Cli.hasContent(Cli.png(dir.resolve("spiral.png"), Plots.WIDTH, Plots.HEIGHT), 3);
        Cli.hasContent(Cli.png(dir.resolve("donut1d.png"), Plots.WIDTH, Plots.HEIGHT), 3);
        assertTrue(!Files.exists(dir.resolve("squares.csv")), "only the requested data sets are written");
    }

    @Test
    void predictRoundTripMatchesTheModelAndReportsAccuracy() throws Exception {
        Path model = dir.resolve("m.json");
        Cli.ok("train", "--quiet", "--no-plots", "--dataset", "squares", "--points", "60", "--layers", "3",
                "--iterations", "30", "--out", dir.toString(), "--model", model.toString());
        Cli.ok("datasets", "--datasets", "squares", "--points", "40", "--seed", "11", "--out", dir.toString());
        Path predictions = dir.resolve("pred.csv");
        Cli.Result r = Cli.ok("predict", "--model", model.toString(), "--input", dir.resolve("squares.csv").toString(),
                "--output-file", predictions.toString());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals("x1,x2,label,p0,p1,prediction", lines.get(0));
        assertEquals(41, lines.size());
        Dataset data = Datasets.squares(40, 11);
        try (OdeNet net = ModelFile.read(model)) {
            int[] expected = net.predict(data.features(), data.size());
            double[] p = net.probabilities(data.features(), data.size());
            int correct = 0;
            for (int k = 0; k < data.size(); k++) {
                String[] f = lines.get(k + 1).split(",");
                assertEquals(data.feature(0, k), Double.parseDouble(f[0]));
                assertEquals(data.feature(1, k), Double.parseDouble(f[1]));
                assertEquals(data.label(k), Integer.parseInt(f[2]));
                assertEquals(p[k], Double.parseDouble(f[3]));
                assertEquals(p[data.size() + k], Double.parseDouble(f[4]));
                assertEquals(1.0, Double.parseDouble(f[3]) + Double.parseDouble(f[4]), 1e-12);
                assertEquals(expected[k], Integer.parseInt(f[5]));
                correct += expected[k] == data.label(k) ? 1 : 0;
            }
            String accuracy = String.format(java.util.Locale.ROOT, "accuracy %.2f %%", 100.0 * correct / data.size());
            assertTrue(r.out().contains(accuracy), r.out() + " should contain " + accuracy);
        }
    }

    @Test
    void trainingOnACsvFileWithThreeFeaturesWritesEveryPlot() throws Exception {
        StringBuilder csv = new StringBuilder("x1,x2,x3,label\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        for (int k = 0; k < 40; k++) {
            double a = random.nextDouble(-1, 1);
            double b = random.nextDouble(-1, 1);
            double c = random.nextDouble(-1, 1);
            csv.append(a).append(',').append(b).append(',').append(c).append(',').append(a + c > 0 ? 1 : 0)
                    .append('\n');
        }
        Path data = dir.resolve("three.csv");
        Files.writeString(data, csv);
        Cli.Result r = Cli.ok("train", "--quiet", "--data", data.toString(), "--layers", "3", "--iterations", "20",
                "--out", dir.resolve("run").toString());
        assertTrue(r.out().contains("N=3 d=3"), "width defaults to the data's dimension: " + r.out());
        assertTrue(r.out().contains("test accuracy -"), "no test data: " + r.out());
        Cli.png(dir.resolve("run").resolve(TrainingRun.REGIONS_PNG), Plots.WIDTH, Plots.HEIGHT);
        Cli.png(dir.resolve("run").resolve(TrainingRun.LAYERS_PNG), Cli.layersWidth(), Cli.layersHeight());
        try (OdeNet net = ModelFile.read(dir.resolve("run").resolve(TrainingRun.MODEL_JSON))) {
            assertEquals(3, net.inputDimension());
        }
    }

    @Test
    void predictAcceptsPointsWithoutLabels() throws Exception {
        Path model = dir.resolve("m.json");
        Cli.ok("train", "--quiet", "--no-plots", "--points", "30", "--layers", "2", "--iterations", "5",
                "--out", dir.toString(), "--model", model.toString());
        Path input = dir.resolve("points.csv");
        Files.writeString(input, "x1,x2\n# a comment\n0.1,0.2\n\n-0.5,0.3\n");
        Path predictions = dir.resolve("p.csv");
        Cli.ok("predict", "--model", model.toString(), "--input", input.toString(), "--output-file", predictions.toString());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals(List.of("x1,x2,p0,p1,prediction"), lines.subList(0, 1));
        assertEquals(3, lines.size());
        try (OdeNet net = ModelFile.read(model)) {
            int[] expected = net.predict(new double[]{0.1, -0.5, 0.2, 0.3}, 2);
            assertArrayEquals(expected, new int[]{Integer.parseInt(lines.get(1).split(",")[4]),
                    Integer.parseInt(lines.get(2).split(",")[4])});
        }
    }
}
