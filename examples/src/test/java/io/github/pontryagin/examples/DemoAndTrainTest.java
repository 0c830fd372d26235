package io.github.pontryagin.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.io.ModelFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.github.pontryagin.plots.Plots;

class DemoAndTrainTest {

    @TempDir
    Path dir;

    @Test
    void demoTrainsAndWritesEveryPlot() throws Exception {
        Cli.Result r = Cli.ok("demo", "--quiet", "--iterations", "40", "--points", "80", "--out", dir.toString());
        assertTrue(r.out().contains("train accuracy"), r.out());
        assertTrue(r.out().contains("test accuracy"), r.out());
        for (String name : List.of(TrainingRun.DATA_PNG, TrainingRun.REGIONS_PNG, TrainingRun.LOSS_PNG,
                TrainingRun.ACCURACY_PNG, TrainingRun.STEP_SIZES_PNG)) {
            Cli.hasContent(Cli.png(dir.resolve(name), Plots.WIDTH, Plots.HEIGHT), 4);
        }
        Cli.hasContent(Cli.png(dir.resolve(TrainingRun.LAYERS_PNG), Cli.layersWidth(), Cli.layersHeight()), 4);
        assertEquals(List.of(), leftoverTemporaryFiles());
    }

    @Test
    void trainWritesModelHistoryAndPlotsThatReadBack() throws Exception {
        Cli.Result r = Cli.ok("train", "--quiet", "--dataset", "donut2d", "--points", "60", "--layers", "4",
                "--tableau", "heun", "--step-sizes", "simplex", "--horizon", "2", "--optimizer", "armijo",
                "--iterations", "25", "--evaluate-every", "5", "--seed", "3", "--out", dir.toString());
        assertTrue(r.out().contains("ODENet+simplex heun N=4 d=2"), r.out());
        try (OdeNet net = ModelFile.read(dir.resolve(TrainingRun.MODEL_JSON))) {
            assertEquals(4, net.layers());
            assertEquals("heun", net.architecture().update().tableau().orElseThrow().name());
            assertEquals(StepSizePolicy.SIMPLEX, net.architecture().stepSizes());
            double sum = 0;
            for (double h : net.stepSizes()) {
                assertTrue(h >= 0, "simplex step sizes are non-negative");
                sum += h;
            }
            assertEquals(2.0, sum, 1e-12, "simplex step sizes sum to T");
        }
        List<String> history = Files.readAllLines(dir.resolve(TrainingRun.HISTORY_CSV));
        assertEquals("iteration,loss,train_accuracy,test_accuracy", history.get(0));
        assertEquals(26, history.size());
        int evaluated = 0;
        for (int k = 1; k < history.size(); k++) {
            String[] fields = history.get(k).split(",", -1);
            assertEquals(4, fields.length, history.get(k));
            assertEquals(k, Integer.parseInt(fields[0]));
            assertTrue(Double.parseDouble(fields[1]) > 0);
            if (!fields[2].isEmpty()) {
                evaluated++;
                double accuracy = Double.parseDouble(fields[2]);
                assertTrue(accuracy >= 0 && accuracy <= 1);
                assertFalse(fields[3].isEmpty(), "test accuracy is recorded with the training accuracy");
            }
        }
        assertEquals(5, evaluated, "evaluated every 5 of 25 iterations");
        for (String name : List.of(TrainingRun.DATA_PNG, TrainingRun.REGIONS_PNG, TrainingRun.LOSS_PNG,
                TrainingRun.ACCURACY_PNG, TrainingRun.STEP_SIZES_PNG)) {
            Cli.png(dir.resolve(name), Plots.WIDTH, Plots.HEIGHT);
        }
        Cli.png(dir.resolve(TrainingRun.LAYERS_PNG), Cli.layersWidth(), Cli.layersHeight());
    }

    @Test
    void oneDimensionalDataGetsItsOwnPlots() throws Exception {
        Cli.ok("train", "--quiet", "--dataset", "donut1d", "--points", "45", "--width", "1", "--layers", "3",
                "--iterations", "10", "--out", dir.toString());
        Cli.hasContent(Cli.png(dir.resolve(TrainingRun.DATA_PNG), Plots.WIDTH, Plots.HEIGHT), 3);
        Cli.hasContent(Cli.png(dir.resolve(TrainingRun.REGIONS_PNG), Plots.WIDTH, Plots.HEIGHT), 3);
        // with d = 1 the layer figure is one chart of y_n against n
        Cli.hasContent(Cli.png(dir.resolve(TrainingRun.LAYERS_PNG), Plots.WIDTH, Plots.HEIGHT), 3);
    }

    @Test
    void hamiltonianNetWithReversibleBackpropTrainsAndSavesItsLayerUpdate() throws Exception {
        Cli.ok("train", "--quiet", "--no-plots", "--leapfrog", "--field", "hamiltonian", "--reversible", "1e-9",
                "--points", "30", "--layers", "6", "--iterations", "5", "--out", dir.toString());
        try (OdeNet net = ModelFile.read(dir.resolve(TrainingRun.MODEL_JSON))) {
            assertEquals("leapfrog", net.architecture().update().name());
            assertEquals(2, net.width(), "spiral is 2-D; the default width is already even");
        }
    }

    @Test
    void secondOrderNetWithReversibleBackpropTrainsAndSavesItsLayerUpdate() throws Exception {
        Cli.ok("train", "--quiet", "--no-plots", "--layer-update", "conformal-verlet", "--reversible", "--points", "30",
                "--layers", "6", "--iterations", "5", "--out", dir.toString());
        try (OdeNet net = ModelFile.read(dir.resolve(TrainingRun.MODEL_JSON))) {
            assertEquals("conformal-verlet", net.architecture().update().name());
            assertEquals(java.util.List.of("gamma"), net.architecture().update().layerParameterNames());
        }
    }

    @Test
    void reversibilityMeasuresDriftAndGradientOfConformalVerletLayersOfAnyField() {
        Cli.Result r = Cli.ok("reversibility", "--layer-update", "conformal-verlet", "--field", "sigma-affine",
                "--depths", "10,40", "--points", "5", "--damping", "0.5");
        assertTrue(r.out().startsWith("conformal-verlet layers of"), r.out());
        assertTrue(r.out().contains("gamma = 0.5"), r.out());
        List<String[]> rows = r.out().lines().filter(l -> l.matches("\\| \\d+ \\|.*"))
                .map(l -> l.substring(1).split("\\|")).toList();
        assertEquals(2, rows.size(), r.out());
        for (String[] row : rows) {
            double drift = Double.parseDouble(row[1].strip());
            assertTrue(drift > 0 && drift < 1e-12, "drift " + drift);
            assertTrue(Double.parseDouble(row[3].strip()) < 1e-10, "reversible vs stored gradient " + row[3]);
        }
        assertEquals(rows.get(0)[6].strip(), rows.get(1)[6].strip(), "reversible memory is independent of N");
        Cli.Result refused = Cli.run("reversibility", "--layer-update", "hb-net", "--depths", "10");
        assertEquals(2, refused.exitCode(), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("--layer-update hb-net cannot be run backwards"), refused.err());
    }

    @Test
    void netBaselineHasNoStepSizePlot() throws Exception {
        Cli.ok("train", "--quiet", "--no-skip", "--points", "30", "--layers", "3", "--iterations", "5",
                "--out", dir.toString());
        assertFalse(Files.exists(dir.resolve(TrainingRun.STEP_SIZES_PNG)));
        try (OdeNet net = ModelFile.read(dir.resolve(TrainingRun.MODEL_JSON))) {
            assertFalse(net.architecture().update().usesStepSizes());
        }
    }

    @Test
    void resumedTrainingEndsBitIdenticalToAnUninterruptedRun() throws Exception {
        Path checkpoint = dir.resolve("checkpoint.json");
        String[] common = {"train", "--quiet", "--no-plots", "--points", "40", "--layers", "3", "--batch-size", "16",
                "--optimizer", "nesterov"};
        Cli.ok(concat(common, "--iterations", "12", "--checkpoint", checkpoint.toString(), "--checkpoint-every", "6",
                "--out", dir.resolve("first").toString()));
        Cli.Result resumed = Cli.ok(concat(common, "--iterations", "30", "--resume", checkpoint.toString(),
                "--out", dir.resolve("resumed").toString()));
        assertTrue(resumed.out().contains("at iteration 12"), resumed.out());
        Cli.ok(concat(common, "--iterations", "30", "--out", dir.resolve("straight").toString()));
        try (OdeNet a = ModelFile.read(dir.resolve("resumed").resolve(TrainingRun.MODEL_JSON));
             OdeNet b = ModelFile.read(dir.resolve("straight").resolve(TrainingRun.MODEL_JSON))) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(b.parameters(), a.parameters());
        }
        List<String> history = Files.readAllLines(dir.resolve("resumed").resolve(TrainingRun.HISTORY_CSV));
        // the history continues the checkpoint's: every iteration from 1, as in the uninterrupted run
        assertEquals(31, history.size());
        assertTrue(history.get(1).startsWith("1,"), history.get(1));
        assertEquals(Files.readAllLines(dir.resolve("straight").resolve(TrainingRun.HISTORY_CSV)).stream()
                .map(l -> l.split(",")[1]).toList(), history.stream().map(l -> l.split(",")[1]).toList());
    }

    @Test
    void epochsCountPassesOverTheData() throws Exception {
        Cli.ok("train", "--quiet", "--no-plots", "--points", "40", "--layers", "2", "--batch-size", "10",
                "--epochs", "3", "--out", dir.toString());
        // 3 epochs of floor(40 / 10) = 4 batches
        assertEquals(13, Files.readAllLines(dir.resolve(TrainingRun.HISTORY_CSV)).size());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private List<Path> leftoverTemporaryFiles() throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
