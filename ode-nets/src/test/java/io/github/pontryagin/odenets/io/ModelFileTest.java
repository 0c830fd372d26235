package io.github.pontryagin.odenets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.odenets.Initialization;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path temp;

    private static OdeNet sampleNet() {
        return OdeNet.builder().inputDimension(2).width(4).layers(5).tableau("kutta3")
                .field(VectorFieldSpec.of("two-layer").withHiddenWidth(6).withActivation(Activation.SOFTPLUS)).stepSizes(StepSizePolicy.SIMPLEX).horizon(1.5)
                .learnableLift(true).initialization(Initialization.XAVIER).seed(77).build();
    }

    @Test
    void loadedNetPredictsBitIdentically() throws Exception {
        OdeNet net = sampleNet();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < net.parameters().length; i++) {
            net.parameters()[i] += 1e-3 * random.nextGaussian();
        }
        Path file = temp.resolve("model.json");
        ModelFile.write(net, file);
        OdeNet loaded = ModelFile.read(file);
        assertArrayEquals(net.parameters(), loaded.parameters(), 0.0);
        double[] x = new double[2 * 40];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        assertArrayEquals(net.probabilities(x, 40), loaded.probabilities(x, 40), 0.0);
        assertEquals(net.architecture().update().tableau().orElseThrow().name(), loaded.architecture().update().tableau().orElseThrow().name());
        assertEquals(net.layout(), loaded.layout());
        try (var files = Files.list(temp)) {
            assertEquals(1, files.count(), "atomic write leaves no temporary file behind");
        }
    }

    /**
     * The file holds a learnable lift as L row-major (d × d0), the order of files written before the parameter vector
     * stored it as Lᵀ, so that files of every version load the same net; every other entry in the vector's order.
     */
    @Test
    void fileHoldsTheLiftAsLRowMajor() throws Exception {
        OdeNet net = sampleNet();
        double[] u = net.parameters();
        for (int i = 0; i < u.length; i++) {
            u[i] = i;
        }
        Path file = temp.resolve("lift.json");
        ModelFile.write(net, file);
        com.fasterxml.jackson.databind.JsonNode stored = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(file.toFile()).get("parameters");
        io.github.pontryagin.odenets.Parameters.Block lift = net.layout().lift();
        assertEquals(2, lift.rows(), "stored as Lᵀ: d0 rows");
        assertEquals(4, lift.cols(), "stored as Lᵀ: d columns");
        assertEquals("lift[3][1]", net.layout().describe(lift.index(1, 3)), "entries are named as L's");
        for (int e = 0; e < u.length; e++) {
            int expected = e;
            if (e >= lift.offset() && e < lift.end()) {
                int i = (e - lift.offset()) / 2; // L_ij at offset + i·d0 + j in the file
                int j = (e - lift.offset()) % 2;
                expected = lift.index(j, i);
            }
            assertEquals(expected, stored.get(e).asDouble(), 0.0, "file entry " + e);
        }
        assertArrayEquals(u, ModelFile.read(file).parameters(), 0.0);
    }

    @Test
    void leapfrogNetRoundTripsAndPredictsBitIdentically() throws Exception {
        OdeNet net = OdeNet.builder().inputDimension(2).width(4).layers(6)
                .layerUpdate(io.github.pontryagin.adjoint.LayerUpdate.leapfrog())
                .field(VectorFieldSpec.of("hamiltonian")).horizon(2.0).initialization(Initialization.XAVIER).seed(3)
                .build();
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < net.parameters().length; i++) {
            net.parameters()[i] += 1e-2 * random.nextGaussian();
        }
        Path file = temp.resolve("leapfrog.json");
        ModelFile.write(net, file);
        assertTrue(Files.readString(file).contains("\"layerUpdate\" : \"leapfrog\""), "the update is recorded by name");
        OdeNet loaded = ModelFile.read(file);
        assertEquals("leapfrog", loaded.architecture().update().name());
        assertArrayEquals(net.parameters(), loaded.parameters(), 0.0);
        double[] x = new double[2 * 30];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        assertArrayEquals(net.probabilities(x, 30), loaded.probabilities(x, 30), 0.0);
        Files.writeString(file, Files.readString(file).replace("\"leapfrog\"", "\"verlet\""));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains("'verlet'"), e.getMessage());
    }

    @Test
    void truncatedFileGivesAClearError() throws Exception {
        Path file = temp.resolve("model.json");
        ModelFile.write(sampleNet(), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongVersionGivesAClearError() throws Exception {
        Path file = temp.resolve("model.json");
        ModelFile.write(sampleNet(), file);
        String text = Files.readString(file).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7");
        Files.writeString(file, text);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains("version 7"), e.getMessage());
    }

    @Test
    void corruptContentGivesAClearError() throws Exception {
        Path file = temp.resolve("model.json");
        Files.writeString(file, "{\"format\":\"pontryagin-model\",\"formatVersion\":1,\"architecture\":{}}",
                StandardCharsets.UTF_8);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        Files.writeString(file, "not json at all", StandardCharsets.UTF_8);
        e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains("not a valid model file"), e.getMessage());
    }

    @Test
    void wrongParameterCountIsReported() throws Exception {
        Path file = temp.resolve("model.json");
        ModelFile.write(OdeNet.builder().layers(2).build(), file);
        String text = Files.readString(file).replaceFirst("\"parameters\" : \\[", "\"parameters\" : [ 1.0,");
        Files.writeString(file, text);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains("'parameters' has"), e.getMessage());
    }
}
