package io.github.pontryagin.examples;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gradient file: its structure matches the net's parameter vector and lossAndGradient, and an independent
 * re-implementation of the forward pass from the file's own contents (tableau, K, β, h, W, μ, data) gives its
 * loss and, by central differences, its gradient.
 */
class GradientCommandTest {

    @TempDir
    Path dir;

    private JsonNode write(String... extra) throws Exception {
        Path file = dir.resolve("g.json");
        String[] args = new String[extra.length + 3];
        args[0] = "gradient";
        args[1] = "--output-file";
        args[2] = file.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        Cli.ok(args);
        return new ObjectMapper().readTree(file.toFile());
    }

    /** The flat vector of a "parameters" or "gradient" structure, in the net's layout (null h skipped). */
    private static double[] flatten(JsonNode node, boolean withH) {
        java.util.List<Double> values = new java.util.ArrayList<>();
        for (JsonNode layer : node.get("layers")) {
            for (String block : new String[]{"K", "beta"}) {
                for (JsonNode v : layer.get(block)) {
                    if (v.isArray()) {
                        v.forEach(e -> values.add(e.asDouble()));
                    } else {
                        values.add(v.asDouble());
                    }
                }
            }
        }
        if (withH) {
            node.get("layers").forEach(layer -> values.add(layer.get("h").asDouble()));
        }
        node.get("head").get("W").forEach(v -> values.add(v.asDouble()));
        values.add(node.get("head").get("mu").asDouble());
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void gradientFileMatchesTheNetAndItsAdjointGradient() throws Exception {
        JsonNode root = write("--dataset", "squares", "--points", "12", "--layers", "3", "--tableau", "kutta3",
                "--seed", "5");
        assertEquals("pontryagin-gradient", root.get("format").asText());
        assertEquals("kutta3", root.get("tableau").get("name").asText());
        assertEquals(3, root.get("parameters").get("layers").size());
        assertEquals(12, root.get("data").get("points").size());
        Dataset data = Datasets.squares(12, 5);
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(3).tableau("kutta3")
                .stepSizes(StepSizePolicy.FREE).seed(5).build()) {
            assertArrayEquals(net.parameters(), flatten(root.get("parameters"), true));
            double[] gradient = new double[net.parameters().length];
            double loss = net.lossAndGradient(net.parameters(), data.features(), data.labels(), data.size(), gradient);
            assertEquals(loss, root.get("loss").get("value").asDouble());
            assertArrayEquals(gradient, flatten(root.get("gradient"), true));
        }
        for (int k = 0; k < 12; k++) {
            assertEquals(data.feature(0, k), root.get("data").get("points").get(k).get(0).asDouble());
            assertEquals(data.label(k), root.get("data").get("labels").get(k).asInt());
        }
    }

    @Test
    void anOutputFileThatIsTheInputDataIsRefusedAndTheDataKept() throws Exception {
        Cli.ok("datasets", "--datasets", "spiral", "--points", "30", "--out", dir.toString());
        Path data = dir.resolve("spiral.csv");
        String before = Files.readString(data);
        Cli.Result r = Cli.run("gradient", "--data", data.toString(), "--output-file", data.toString(), "--width", "2",
                "--layers", "2");
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--output-file " + data + " is the input --data"), r.err());
        assertEquals(before, Files.readString(data));
    }

    @Test
    void independentForwardPassFromTheFileReproducesLossAndGradient() throws Exception {
        JsonNode root = write("--dataset", "spiral", "--points", "16", "--layers", "4", "--tableau", "rk4",
                "--seed", "2");
        ObjectNode parameters = (ObjectNode) root.get("parameters").deepCopy();
        double loss = IndependentLoss.of(root, parameters);
        assertEquals(root.get("loss").get("value").asDouble(), loss, 1e-13);
        JsonNode gradient = root.get("gradient");
        // a few entries of every kind: K, beta, h, W, mu
        String[][] entries = {{"layers", "1", "K", "0", "1"}, {"layers", "3", "K", "1", "0"},
                {"layers", "0", "beta", "1"}, {"layers", "2", "h"}, {"head", "W", "0"}, {"head", "mu"}};
        for (String[] path : entries) {
            double analytic = IndependentLoss.get(gradient, path);
            double x = IndependentLoss.get(parameters, path);
            double eps = 1e-6 * Math.max(1, Math.abs(x));
            IndependentLoss.set(parameters, path, x + eps);
            double plus = IndependentLoss.of(root, parameters);
            IndependentLoss.set(parameters, path, x - eps);
            double minus = IndependentLoss.of(root, parameters);
            IndependentLoss.set(parameters, path, x);
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(analytic, numeric, 1e-7 * Math.max(1e-3, Math.abs(analytic)),
                    () -> "gradient entry " + String.join("/", path));
        }
    }

    @Test
    void leapfrogLayersAreExportedWithTheirFormulaAndCheckIndependently() throws Exception {
        JsonNode root = write("--dataset", "squares", "--points", "10", "--layers", "3", "--leapfrog", "--width",
                "4", "--seed", "3");
        assertEquals("leapfrog", root.get("layerUpdateName").asText());
        assertEquals("Hamiltonian", root.get("model").asText());
        assertTrue(root.get("tableau") == null, "a leapfrog file has no tableau");
        assertTrue(root.get("layerUpdate").asText().contains("(h_n/2) f_z"), root.get("layerUpdate").asText());
        ObjectNode parameters = (ObjectNode) root.get("parameters").deepCopy();
        assertEquals(root.get("loss").get("value").asDouble(), IndependentLoss.of(root, parameters), 1e-13);
        JsonNode gradient = root.get("gradient");
        String[][] entries = {{"layers", "0", "K", "2", "3"}, {"layers", "2", "beta", "0"}, {"layers", "1", "h"},
                {"head", "W", "3"}};
        for (String[] path : entries) {
            double analytic = IndependentLoss.get(gradient, path);
            double x = IndependentLoss.get(parameters, path);
            double eps = 1e-6 * Math.max(1, Math.abs(x));
            IndependentLoss.set(parameters, path, x + eps);
            double plus = IndependentLoss.of(root, parameters);
            IndependentLoss.set(parameters, path, x - eps);
            double minus = IndependentLoss.of(root, parameters);
            IndependentLoss.set(parameters, path, x);
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(analytic, numeric, 1e-7 * Math.max(1e-3, Math.abs(analytic)),
                    () -> "gradient entry " + String.join("/", path));
        }
    }

    @Test
    void momentumLayersAreExportedWithTheirCoefficientsAndCheckIndependently() throws Exception {
        for (String update : new String[] {"hb-net", "conformal-euler", "conformal-verlet"}) {
            JsonNode root = write("--dataset", "spiral", "--points", "10", "--layers", "3", "--layer-update", update,
                    "--seed", "4");
            assertEquals(update, root.get("layerUpdateName").asText());
            assertTrue(root.get("tableau") == null, "a momentum file has no tableau");
            String own = update.equals("hb-net") ? "hb_beta2" : "gamma";
            assertTrue(root.get("layerCoefficients").toString().contains(own),
                    root.get("layerCoefficients").toString());
            ObjectNode parameters = (ObjectNode) root.get("parameters").deepCopy();
            // move the coefficients off their neutral start, so that every term of the formula counts
            for (int n = 0; n < 3; n++) {
                IndependentLoss.set(parameters, new String[] {"layers", "" + n, own}, 0.3 + 0.1 * n);
            }
            JsonNode gradient = root.get("gradient");
            ObjectNode original = (ObjectNode) root.get("parameters").deepCopy();
            assertEquals(root.get("loss").get("value").asDouble(), IndependentLoss.of(root, original), 1e-13, update);
            String[][] entries = {{"layers", "0", "K", "1", "0"}, {"layers", "2", "beta", "1"}, {"layers", "1", "h"},
                    {"layers", "1", own}, {"layers", "0", update.equals("hb-net") ? "hb_beta1" : "gamma"},
                    {"head", "W", "1"}};
            for (String[] path : entries) {
                double analytic = IndependentLoss.get(gradient, path);
                double x = IndependentLoss.get(original, path);
                double eps = 1e-6 * Math.max(1, Math.abs(x));
                IndependentLoss.set(original, path, x + eps);
                double plus = IndependentLoss.of(root, original);
                IndependentLoss.set(original, path, x - eps);
                double minus = IndependentLoss.of(root, original);
                IndependentLoss.set(original, path, x);
                double numeric = (plus - minus) / (2 * eps);
                assertEquals(analytic, numeric, 1e-7 * Math.max(1e-3, Math.abs(analytic)),
                        () -> update + ": gradient entry " + String.join("/", path));
            }
            assertTrue(IndependentLoss.of(root, parameters) != IndependentLoss.of(root, original),
                    update + ": the coefficients enter the independent loss");
        }
    }

    @Test
    void hbNetCoefficientsAreKeptApartFromTheBetaBlocksOfTwoLayerAndHamiltonianFields() throws Exception {
        for (String family : new String[] {"two-layer", "hamiltonian"}) {
            JsonNode hb = write("--dataset", "spiral", "--points", "10", "--layers", "3", "--width", "4", "--field",
                    family, "--layer-update", "hb-net", "--seed", "4");
            JsonNode euler = write("--dataset", "spiral", "--points", "10", "--layers", "3", "--width", "4",
                    "--field", family, "--tableau", "euler", "--seed", "4");
            assertEquals("[\"hb_beta1\",\"hb_beta2\"]", hb.get("layerCoefficients").toString(), family);
            java.util.List<String> fieldBlocks = new java.util.ArrayList<>();
            hb.get("field").get("blocks").forEach(b -> fieldBlocks.add(b.get("name").asText()));
            assertTrue(fieldBlocks.contains("beta1") && fieldBlocks.contains("beta2"), family + ": " + fieldBlocks);
            // at β₁ = 1, β₂ = 0 HB-Net is the Euler ResNet: same loss, same field blocks and gradient, bit for bit
            assertEquals(euler.get("loss").get("value").asDouble(), hb.get("loss").get("value").asDouble(), 0.0,
                    family);
            for (int n = 0; n < 3; n++) {
                JsonNode layer = hb.get("parameters").get("layers").get(n);
                JsonNode grad = hb.get("gradient").get("layers").get(n);
                assertEquals(fieldBlocks.size() + 3, layer.size(), family + ": " + layer);
                assertEquals(1.0, layer.get("hb_beta1").asDouble(), 0.0, family);
                assertEquals(0.0, layer.get("hb_beta2").asDouble(), 0.0, family);
                assertTrue(grad.get("hb_beta1").isNumber() && grad.get("hb_beta2").isNumber(), family + ": " + grad);
                for (String block : fieldBlocks) {
                    assertEquals(euler.get("parameters").get("layers").get(n).get(block), layer.get(block),
                            family + ": layer " + n + " " + block);
                    assertEquals(euler.get("gradient").get("layers").get(n).get(block), grad.get(block),
                            family + ": gradient of layer " + n + " " + block);
                }
            }
        }
    }

    @Test
    void agdNetIsExportedWithItsDenseCoefficientsAndChecksIndependently() throws Exception {
        JsonNode root = write("--dataset", "donut2d", "--points", "10", "--layers", "3", "--layer-update", "agd-net",
                "--seed", "6");
        assertEquals("agd-net", root.get("layerUpdateName").asText());
        assertEquals("AGD-Net", root.get("model").asText());
        assertEquals(6, root.get("layerCoefficients").size(), "alpha_0..2, beta_0..2");
        ObjectNode parameters = (ObjectNode) root.get("parameters").deepCopy();
        assertEquals(root.get("loss").get("value").asDouble(), IndependentLoss.of(root, parameters), 1e-13);
        // dense coefficients of earlier states: at the start 0, but their gradient is not
        String[][] entries = {{"layers", "2", "alpha_0"}, {"layers", "2", "beta_1"}, {"layers", "1", "alpha_1"},
                {"layers", "0", "K", "1", "1"}, {"layers", "2", "h"}};
        JsonNode gradient = root.get("gradient");
        for (String[] path : entries) {
            double analytic = IndependentLoss.get(gradient, path);
            double x = IndependentLoss.get(parameters, path);
            double eps = 1e-6 * Math.max(1, Math.abs(x));
            IndependentLoss.set(parameters, path, x + eps);
            double plus = IndependentLoss.of(root, parameters);
            IndependentLoss.set(parameters, path, x - eps);
            double minus = IndependentLoss.of(root, parameters);
            IndependentLoss.set(parameters, path, x);
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(analytic, numeric, 1e-7 * Math.max(1e-3, Math.abs(analytic)),
                    () -> "gradient entry " + String.join("/", path));
        }
        assertEquals(0.0, IndependentLoss.get(gradient, new String[] {"layers", "0", "alpha_2"}), "j > n: no gradient");
    }

    @Test
    void dmrNetIsExportedWithItsBranchFieldAndCoefficientsAndChecksIndependently() throws Exception {
        JsonNode root = write("--dataset", "donut2d", "--points", "10", "--layers", "3", "--layer-update", "dmr-net",
                "--seed", "7");
        assertEquals("dmr-net", root.get("layerUpdateName").asText());
        assertEquals("DMRNet", root.get("model").asText());
        assertEquals(6, root.get("layerCoefficients").size(), "alpha_0..2, beta_0..2");
        assertEquals("K'", root.get("field").get("blocks").get(2).get("name").asText());
        assertEquals("beta'", root.get("field").get("blocks").get(3).get("name").asText());
        ObjectNode parameters = (ObjectNode) root.get("parameters").deepCopy();
        assertEquals(root.get("loss").get("value").asDouble(), IndependentLoss.of(root, parameters), 1e-13);
        String[][] entries = {{"layers", "2", "alpha_0"}, {"layers", "2", "alpha_2"}, {"layers", "2", "beta_1"},
                {"layers", "1", "beta_1"}, {"layers", "0", "K", "1", "1"}, {"layers", "2", "h"},
                {"layers", "1", "K'", "0", "1"}, {"layers", "1", "beta'", "1"}};
        JsonNode gradient = root.get("gradient");
        for (String[] path : entries) {
            double analytic = IndependentLoss.get(gradient, path);
            double x = IndependentLoss.get(parameters, path);
            double eps = 1e-6 * Math.max(1, Math.abs(x));
            IndependentLoss.set(parameters, path, x + eps);
            double plus = IndependentLoss.of(root, parameters);
            IndependentLoss.set(parameters, path, x - eps);
            double minus = IndependentLoss.of(root, parameters);
            IndependentLoss.set(parameters, path, x);
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(analytic, numeric, 1e-7 * Math.max(1e-3, Math.abs(analytic)),
                    () -> "gradient entry " + String.join("/", path));
        }
        // at the start (alpha = 0) the branch does not reach x: its gradient is 0; with alpha != 0 it enters
        assertEquals(0.0, IndependentLoss.get(gradient, new String[] {"layers", "1", "K'", "0", "1"}));
        assertTrue(IndependentLoss.get(gradient, new String[] {"layers", "1", "alpha_1"}) != 0.0);
        double before = IndependentLoss.of(root, parameters);
        IndependentLoss.set(parameters, new String[] {"layers", "1", "alpha_1"}, 0.5);
        double withAlpha = IndependentLoss.of(root, parameters);
        IndependentLoss.set(parameters, new String[] {"layers", "0", "K'", "0", "1"}, 3.0);
        assertTrue(withAlpha != before && IndependentLoss.of(root, parameters) != withAlpha,
                "alpha and the branch field enter the independent loss");
        assertEquals(0.0, IndependentLoss.get(gradient, new String[] {"layers", "0", "alpha_2"}), "j > n: no gradient");
    }

    @Test
    void implicitLayersExportTheirImplicitTableauNotAnEulerPlaceholder() throws Exception {
        JsonNode root = write("--points", "6", "--layers", "2", "--implicit", "implicit-midpoint");
        assertTrue(root.get("tableau") == null, "an implicit file has no explicit tableau");
        assertEquals("implicit-midpoint", root.get("implicitTableau").get("name").asText());
        assertEquals(0.5, root.get("implicitTableau").get("a").get(0).get(0).asDouble());
        assertTrue(root.get("layerUpdate").asText().contains("Newton"), root.get("layerUpdate").asText());
        assertEquals("ODENet", root.get("model").asText());
    }

    @Test
    void fixedStepSizesAreParametersButHaveNoGradient() throws Exception {
        JsonNode root = write("--points", "8", "--layers", "2", "--step-sizes", "fixed", "--horizon", "0.5",
                "--tableau", "euler");
        for (JsonNode layer : root.get("parameters").get("layers")) {
            assertEquals(0.25, layer.get("h").asDouble());
        }
        for (JsonNode layer : root.get("gradient").get("layers")) {
            assertTrue(layer.get("h").isNull());
        }
        ObjectNode parameters = (ObjectNode) root.get("parameters").deepCopy();
        assertEquals(root.get("loss").get("value").asDouble(), IndependentLoss.of(root, parameters), 1e-13);
    }
}
