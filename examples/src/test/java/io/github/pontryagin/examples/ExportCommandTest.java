package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.data.NpyFile;
import io.github.pontryagin.odenets.export.OnnxExport;
import io.github.pontryagin.odenets.io.ModelFile;

/** {@code pontryagin export}: the three formats of a trained model, and the one-line refusals. */
class ExportCommandTest {

    @TempDir
    Path dir;

    @Test
    void aTrainedModelIsExportedAsJsonNpyAndOnnxThatOnnxRuntimeReproduces() throws Exception {
        Path run = dir.resolve("run");
        Cli.ok("train", "-q", "--no-plots", "--points", "40", "--layers", "3", "--iterations", "10", "--out",
                run.toString());
        Path model = run.resolve(TrainingRun.MODEL_JSON);
        Path out = dir.resolve("export");
        Cli.Result r = Cli.ok("export", "--model", model.toString(), "--out", out.toString());
        assertTrue(r.out().contains(ExportCommand.ONNX_FILE), r.out());
        try (OdeNet net = ModelFile.read(model)) {
            JsonNode json = new ObjectMapper().readTree(out.resolve(ExportCommand.JSON_FILE).toFile());
            assertEquals("pontryagin-export", json.get("format").asText());
            assertFalse(json.has("gradient") || json.has("data"), "a model export has no data and no gradient");
            JsonNode layers = json.get("parameters").get("layers");
            assertEquals(3, layers.size());
            double k01 = net.parameters()[net.layout().layer(2).block("K").index(0, 1)];
            assertEquals(k01, layers.get(2).get("K").get(0).get(1).asDouble());
            assertEquals(net.stepSizes()[1], layers.get(1).get("h").asDouble());

            NpyFile.Array k = NpyFile.read(out.resolve(ExportCommand.NPY_DIR).resolve("K.npy"));
            assertArrayEquals(new int[]{3, 2, 2}, k.shape());
            assertEquals(k01, k.values()[(2 * 2 + 0) * 2 + 1]);

            assertOnnxReproduces(net, out.resolve(ExportCommand.ONNX_FILE));
        }
    }

    /**
     * A learnable lift, stored as Lᵀ in the parameter vector, is exported as L ({@code d × d0}) to json and npy, and
     * as the stored {@code [d0, d]} initializer that ONNX Runtime multiplies without a transpose.
     */
    @Test
    void aLearnableLiftIsExportedAsLAndOnnxRuntimeReproducesIt() throws Exception {
        Path run = dir.resolve("lifted");
        Cli.ok("train", "-q", "--no-plots", "--points", "40", "--layers", "2", "--width", "3", "--learnable-lift",
                "--iterations", "10", "--out", run.toString());
        Path model = run.resolve(TrainingRun.MODEL_JSON);
        Path out = dir.resolve("lifted-export");
        Cli.ok("export", "--model", model.toString(), "--out", out.toString());
        try (OdeNet net = ModelFile.read(model)) {
            io.github.pontryagin.odenets.Parameters.Block lift = net.layout().lift();
            double[] u = net.parameters();
            JsonNode rows = new ObjectMapper().readTree(out.resolve(ExportCommand.JSON_FILE).toFile())
                    .get("parameters").get("lift");
            NpyFile.Array npy = NpyFile.read(out.resolve(ExportCommand.NPY_DIR).resolve("lift.npy"));
            assertEquals(3, rows.size(), "d rows");
            assertArrayEquals(new int[]{3, 2}, npy.shape());
            for (int i = 0; i < 3; i++) {
                assertEquals(2, rows.get(i).size(), "d0 entries per row");
                for (int j = 0; j < 2; j++) {
                    double lij = lift.get(u, j, i);
                    assertEquals(lij, rows.get(i).get(j).asDouble(), "json L_" + i + j);
                    assertEquals(lij, npy.values()[i * 2 + j], "npy L_" + i + j);
                }
            }
            assertTrue(lift.get(u, 0, 1) != lift.get(u, 1, 0), "L is not symmetric, or the check proves nothing");
            assertOnnxReproduces(net, out.resolve(ExportCommand.ONNX_FILE));
        }
    }

    @Test
    void aLeapfrogModelIsRefusedForOnnxInOneLineAndNothingIsWritten() throws Exception {
        Path run = dir.resolve("run");
        Cli.ok("train", "--quiet", "--no-plots", "--leapfrog", "--field", "hamiltonian", "--points", "30",
                "--layers", "4", "--iterations", "3", "--out", run.toString());
        Path model = run.resolve(TrainingRun.MODEL_JSON);
        Path out = dir.resolve("export");
        Cli.Result r = Cli.run("export", "--model", model.toString(), "--format", "onnx,json", "--out", out.toString());
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--format onnx") && r.err().contains("'leapfrog'"), r.err());
        assertFalse(Files.exists(out.resolve(ExportCommand.ONNX_FILE)) || Files.exists(out.resolve(ExportCommand.JSON_FILE)));
        Cli.ok("export", "--model", model.toString(), "--format", "json,npy", "--out", out.toString());
        assertTrue(Files.isRegularFile(out.resolve(ExportCommand.JSON_FILE)));
        assertTrue(Files.isRegularFile(out.resolve(ExportCommand.NPY_DIR).resolve("K1.npy")));
    }

    @Test
    void aTrainedDmrNetIsReadFromItsModelFileAndExportsItsBranchField() throws Exception {
        Path run = dir.resolve("dmr");
        Cli.ok("train", "--quiet", "--no-plots", "--layer-update", "dmr-net", "--points", "30", "--layers", "3",
                "--iterations", "5", "--out", run.toString());
        Path model = run.resolve(TrainingRun.MODEL_JSON);
        try (OdeNet net = ModelFile.read(model)) {
            assertEquals("dmr-net", net.architecture().update().name());
            Path out = dir.resolve("dmr-export");
            Cli.ok("export", "--model", model.toString(), "--format", "json,npy", "--out", out.toString());
            JsonNode json = new ObjectMapper().readTree(out.resolve(ExportCommand.JSON_FILE).toFile());
            assertEquals("DMRNet", json.get("model").asText());
            JsonNode layer = json.get("parameters").get("layers").get(1);
            double[] u = net.parameters();
            assertEquals(u[net.layout().layer(1).block("K'").index(0, 1)], layer.get("K'").get(0).get(1).asDouble(),
                    0.0);
            assertEquals(u[net.layout().layer(1).block("alpha_0").offset()], layer.get("alpha_0").asDouble(), 0.0);
            NpyFile.Array branch = NpyFile.read(out.resolve(ExportCommand.NPY_DIR).resolve("K'.npy"));
            assertEquals(u[net.layout().layer(2).block("K'").index(1, 0)], branch.values()[(2 * 2 + 1) * 2], 0.0);
            // five steps of training moved the coefficients away from the Euler ResNet's: the branch now counts
            assertTrue(u[net.layout().layer(1).block("alpha_1").offset()] != 0.0);
        }
    }

    @Test
    void anUnknownFormatIsAUsageError() throws Exception {
        Path run = dir.resolve("run");
        Cli.ok("train", "-q", "--no-plots", "--points", "20", "--layers", "2", "--iterations", "2", "--out",
                run.toString());
        Cli.Result r = Cli.run("export", "--model", run.resolve(TrainingRun.MODEL_JSON).toString(), "--format", "xml",
                "--out", dir.resolve("e").toString());
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode());
        assertTrue(r.err().contains("'xml'") && r.err().contains("json, npy, onnx"), r.err());
    }

    /** ONNX Runtime's probabilities of the exported file on 18 spiral points equal the net's to 1e-12. */
    private static void assertOnnxReproduces(OdeNet net, Path onnx) throws Exception {
        Dataset points = Datasets.spiral(9, 5);
        double[] expected = net.probabilities(points.features(), points.size());
        double[][] rows = new double[points.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = points.point(i);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, rows);
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, x))) {
            double[][] p = (double[][]) result.get(0).getValue();
            for (int i = 0; i < rows.length; i++) {
                for (int c = 0; c < 2; c++) {
                    assertEquals(expected[c * rows.length + i], p[i][c], 1e-12);
                }
            }
        }
    }
}
