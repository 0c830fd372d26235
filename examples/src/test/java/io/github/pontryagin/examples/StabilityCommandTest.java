package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.stability.StabilityReport;
import io.github.pontryagin.plots.Plots;

/** {@code pontryagin stability}: the table, CSV and plots, and every bad input with its exit code and one line. */
class StabilityCommandTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path implicitModel;

    @BeforeAll
    static void trainSmallModels() {
        model = dir.resolve("rk4.json");
        implicitModel = dir.resolve("implicit.json");
        Cli.ok("train", "--quiet", "--no-plots", "--dataset", "spiral", "--points", "60", "--layers", "4",
                "--iterations", "15", "--out", dir.toString(), "--model", model.toString());
        Cli.ok("train", "--quiet", "--no-plots", "--dataset", "spiral", "--points", "60", "--layers", "3",
                "--implicit", "implicit-midpoint", "--iterations", "10", "--overwrite", "--out", dir.toString(),
                "--model", implicitModel.toString());
    }

    @Test
    void writesTheTableCsvAndPlotsMatchingTheLibraryReport() throws Exception {
        Path out = dir.resolve("report");
        Cli.Result r = Cli.ok("stability", "--model", model.toString(), "--dataset", "spiral", "--points", "50",
                "--seed", "3", "--out", out.toString());
        StabilityReport expected;
        try (OdeNet net = ModelFile.read(model)) {
            Dataset data = Datasets.spiral(50, 3);
            expected = StabilityReport.of(net, data.features(), data.size(),
                    new StabilityReport.Options(3, 4, 200));
        }
        assertTrue(r.out().contains(expected.table()), r.out());
        List<String> lines = Files.readAllLines(out.resolve("stability.csv"));
        assertEquals(5, lines.size());
        assertEquals(StabilityCommand.csv(expected), String.join("\n", lines) + "\n");
        Cli.hasContent(Cli.png(out.resolve("stability-layers.png"), Plots.WIDTH, Plots.HEIGHT), 4);
        Cli.hasContent(Cli.png(out.resolve("stability-eigenvalues.png"), Plots.WIDTH, Plots.HEIGHT), 3);
    }

    @Test
    void readsPointsFromCsvAndAnalysesImplicitModels() throws Exception {
        Cli.ok("datasets", "--datasets", "spiral", "--points", "30", "--out", dir.toString());
        Path out = dir.resolve("implicit-report");
        Cli.Result r = Cli.ok("stability", "--model", implicitModel.toString(), "--data",
                dir.resolve("spiral.csv").toString(), "--out", out.toString());
        assertTrue(r.out().contains("layer update implicit-midpoint, rule h < -nu_bar r with r = inf, 30 data points"),
                r.out());
        assertTrue(Files.isRegularFile(out.resolve("stability-eigenvalues.png")));
    }

    @Test
    void anOutputThatIsTheInputDataIsRefusedAndTheDataKept() throws Exception {
        Cli.ok("datasets", "--datasets", "spiral", "--points", "30", "--out", dir.toString());
        Path data = dir.resolve("spiral.csv");
        String before = Files.readString(data);
        // the data file read from --out's own directory under the table's name
        Path sameName = dir.resolve("stability.csv");
        Files.copy(data, sameName);
        Cli.Result r = Cli.run("stability", "--model", model.toString(), "--data", sameName.toString(), "--out",
                dir.toString());
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--out (stability.csv) " + sameName + " is the input --data"), r.err());
        assertEquals(before, Files.readString(sameName));
        Cli.Result file = Cli.run("stability", "--model", model.toString(), "--data", data.toString(), "--out",
                data.toString());
        assertEquals(Pontryagin.EXIT_USAGE, file.exitCode(), file.err());
        assertTrue(file.err().contains("--out " + data + " is a file; it must be a directory"), file.err());
        assertEquals(before, Files.readString(data));
    }

    @Test
    void momentumAndDenseNetsGetTheLayerMapBoundInsteadOfTheResNetBounds() throws Exception {
        for (String update : new String[] {"hb-net", "conformal-verlet", "agd-net", "dmr-net", "leapfrog"}) {
            Path file = dir.resolve(update + ".json");
            try (OdeNet net = OdeNet.builder().inputDimension(2).width(4).layers(4)
                    .layerUpdate(io.github.pontryagin.adjoint.LayerUpdate.structured().get(update)).seed(2).build()) {
                ModelFile.write(net, file);
            }
            Path out = dir.resolve(update + "-report");
            Cli.Result r = Cli.ok("stability", "--model", file.toString(), "--dataset", "spiral", "--points", "20",
                    "--seed", "3", "--out", out.toString());
            StabilityReport expected;
            try (OdeNet net = ModelFile.read(file)) {
                Dataset data = Datasets.spiral(20, 3);
                expected = StabilityReport.of(net, data.features(), data.size(),
                        new StabilityReport.Options(3, 4, 200));
            }
            assertTrue(r.out().contains(expected.table()), r.out());
            assertTrue(r.out().contains("bounds: layer-map recursion of " + update
                    + " (docs/stability.md, layer-map bound)"), r.out());
            assertFalse(r.out().contains("exp(sum |h| L)"), update + ": the ResNet bound does not apply\n" + r.out());
            assertTrue(expected.measuredMax() <= expected.layerMapBound(), r.out());
            assertTrue(Files.isRegularFile(out.resolve("stability.csv")));
        }
    }

    @Test
    void aModelFileWithoutDataIsAUsageError() {
        Path out = dir.resolve("none");
        Cli.Result r = Cli.run("stability", "--model", model.toString(), "--out", out.toString());
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode());
        assertEquals("pontryagin stability: a model file holds no data: give --data CSV or --dataset NAME"
                + " (see pontryagin stability --help)", r.err().strip());
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void badInputsEndWithOneLineAndTheirExitCode() throws Exception {
        Path out = dir.resolve("bad");
        Cli.Result both = Cli.run("stability", "--model", model.toString(), "--dataset", "spiral", "--data",
                model.toString(), "--out", out.toString());
        assertEquals(Pontryagin.EXIT_USAGE, both.exitCode());
        assertEquals("pontryagin stability: --data and --dataset exclude each other: --dataset generates the data that"
                + " --data reads from a file (see pontryagin stability --help)", both.err().strip());

        Cli.Result unknown = Cli.run("stability", "--model", model.toString(), "--dataset", "spirals");
        assertEquals(Pontryagin.EXIT_USAGE, unknown.exitCode());
        assertTrue(unknown.err().strip().startsWith("pontryagin stability: Invalid value for option '--dataset'"),
                unknown.err());
        assertEquals(1, unknown.err().strip().lines().count());

        Cli.Result dimension = Cli.run("stability", "--model", model.toString(), "--dataset", "donut1d");
        assertEquals(Pontryagin.EXIT_USAGE, dimension.exitCode());
        assertEquals("pontryagin stability: --dataset donut1d has dimension 1 but the model's input dimension is 2"
                + " (see pontryagin stability --help)", dimension.err().strip());

        Path wrongColumns = dir.resolve("three.csv");
        Files.writeString(wrongColumns, "1,2,3,4\n");
        Cli.Result columns = Cli.run("stability", "--model", model.toString(), "--data", wrongColumns.toString(),
                "--out", out.toString());
        assertEquals(Pontryagin.EXIT_FAILURE, columns.exitCode());
        assertTrue(columns.err().contains("expected 2 columns (the model's input dimension) or 3 (with a label) but"
                + " found 4"), columns.err());
        assertEquals(1, columns.err().strip().lines().count());

        Cli.Result missing = Cli.run("stability", "--model", dir.resolve("nope.json").toString(), "--dataset",
                "spiral");
        assertEquals(Pontryagin.EXIT_USAGE, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void aNewtonSolveThatFailsNamesTheLayerAndTheResidualAndWritesNothing() throws Exception {
        // implicit Euler on a linear field f(y) = y with h = 1: the Newton matrix I − hJ is singular
        Path broken = dir.resolve("singular.json");
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(1)
                .layerUpdate(io.github.pontryagin.adjoint.LayerUpdate.implicit(
                        io.github.pontryagin.core.tableau.ImplicitTableau.implicitEuler()))
                .field(io.github.pontryagin.core.field.VectorFieldSpec.of("sigma-affine")
                        .withActivation(io.github.pontryagin.core.field.Activation.IDENTITY))
                .stepSizes(io.github.pontryagin.odenets.StepSizePolicy.FIXED).horizon(1.0).seed(1).build()) {
            double[] u = net.parameters().clone();
            var k = net.layout().layer(0).block("K");
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    u[k.index(i, j)] = i == j ? 1 : 0;
                }
            }
            net.setParameters(u);
            ModelFile.write(net, broken);
        }
        Path out = dir.resolve("singular-out");
        Cli.Result r = Cli.run("stability", "--model", broken.toString(), "--dataset", "spiral", "--points", "10",
                "--out", out.toString());
        assertEquals(Pontryagin.EXIT_FAILURE, r.exitCode());
        assertEquals("pontryagin stability: implicit-euler layer 0: the Newton matrix I - h A J is singular at point 0"
                + " of the batch (h = 1.0); use a smaller step size", r.err().strip());
        assertFalse(Files.exists(out), "nothing is written");
    }

    /**
     * Training implicit Euler layers of a ReLU field with h = 500: Newton's method on the piecewise-linear stage
     * equations finds no decrease of the residual; the run ends with exit code 1, one line naming the layer, the
     * point, the residual and h, and writes neither model nor history nor plots (only the run's lock file exists).
     */
    @Test
    void aNewtonSolveThatStallsDuringTrainingNamesWhereAndWritesNothing() throws Exception {
        Path out = dir.resolve("newton-train");
        Path modelFile = out.resolve("model.json");
        Cli.Result r = Cli.run("train", "--quiet", "--dataset", "spiral", "--points", "40", "--layers", "2",
                "--implicit", "implicit-euler", "--horizon", "1000", "--activation", "relu", "--iterations", "2",
                "--out", out.toString(), "--model", modelFile.toString());
        assertEquals(Pontryagin.EXIT_FAILURE, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Training ODENet implicit-euler N=2 d=2 on spiral"), r.out());
        String line = r.err().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.matches("pontryagin train: implicit-euler layer \\d+: Newton's method (found no decrease of the"
                + " residual|did not converge|diverged) at point \\d+ of the batch.*\\(residual max\\|Y - y - h A f\\(Y\\)\\|"
                + " = [0-9.eE+-]+, h = 500\\.0\\); use a smaller step size or a contractive field"), line);
        try (var files = Files.list(out)) {
            assertEquals(List.of(RunChecks.LOCK_FILE), files.map(f -> f.getFileName().toString()).toList(),
                    "only the lock file is in the output directory");
        }
    }

    /** {@code train --contractive-steps} on a field without a contractivity bound: one line naming it, nothing written. */
    @Test
    void contractiveStepsOnAFieldWithoutABoundIsOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("no-bound");
        Cli.Result r = Cli.run("train", "--quiet", "--dataset", "spiral", "--points", "30", "--layers", "2",
                "--step-sizes", "free", "--contractive-steps", "--iterations", "2", "--out", out.toString());
        assertEquals(Pontryagin.EXIT_FAILURE, r.exitCode(), r.err());
        assertEquals("pontryagin train: the 'sigma-affine' field has no contractivity bound to project the step sizes"
                + " into (its monotonicity constant can be positive); use the gradient family, f = -K^T sigma(K y +"
                + " beta)", r.err().strip());
        try (var files = Files.list(out)) {
            assertEquals(List.of(RunChecks.LOCK_FILE), files.map(f -> f.getFileName().toString()).toList(),
                    "only the lock file is in the output directory");
        }
    }
}
