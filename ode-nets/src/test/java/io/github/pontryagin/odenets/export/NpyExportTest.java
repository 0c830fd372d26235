package io.github.pontryagin.odenets.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.NpyFile;

/** Every parameter lands in exactly one .npy file, at the index the documented shapes give. */
class NpyExportTest {

    @TempDir
    Path dir;

    @Test
    void blocksAreStackedOverLayersAndReadBackExactly() throws Exception {
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(3).layers(4).tableau("rk4")
                .field(VectorFieldSpec.of("two-layer").withHiddenWidth(5)).stepSizes(StepSizePolicy.FREE)
                .head("softmax").classes(3).learnableLift(true).seed(3).build()) {
            double[] u = net.parameters();
            for (int i = 0; i < u.length; i++) {
                u[i] = i + 0.25;
            }
            List<Path> files = NpyExport.write(net, dir);
            assertEquals(List.of("A1.npy", "beta1.npy", "A2.npy", "beta2.npy", "h.npy", "head.W.npy", "head.mu.npy",
                    "lift.npy"), files.stream().map(p -> p.getFileName().toString()).toList());
            Parameters layout = net.layout();
            NpyFile.Array a1 = NpyFile.read(dir.resolve("A1.npy"));
            assertArrayEquals(new int[]{4, 5, 3}, a1.shape());
            NpyFile.Array a2 = NpyFile.read(dir.resolve("A2.npy"));
            assertArrayEquals(new int[]{4, 3, 5}, a2.shape());
            NpyFile.Array beta2 = NpyFile.read(dir.resolve("beta2.npy"));
            assertArrayEquals(new int[]{4, 3}, beta2.shape());
            int total = 0;
            for (int n = 0; n < 4; n++) {
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 3; j++) {
                        assertEquals(u[layout.layer(n).block("A1").index(i, j)], a1.values()[(n * 5 + i) * 3 + j]);
                        assertEquals(u[layout.layer(n).block("A2").index(j, i)], a2.values()[(n * 3 + j) * 5 + i]);
                    }
                }
                assertEquals(u[layout.layer(n).block("beta2").index(0, 2)], beta2.values()[n * 3 + 2]);
            }
            assertArrayEquals(net.stepSizes(), NpyFile.read(dir.resolve("h.npy")).values());
            NpyFile.Array w = NpyFile.read(dir.resolve("head.W.npy"));
            assertArrayEquals(new int[]{3, 3}, w.shape());
            assertEquals(layout.headWeights().get(u, 2, 1), w.values()[2 * 3 + 1]);
            NpyFile.Array lift = NpyFile.read(dir.resolve("lift.npy"));
            assertArrayEquals(new int[]{3, 2}, lift.shape());
            // L (d × d0) itself, from the stored Lᵀ: L_21 is entry (1, 2) of the block
            assertEquals(layout.lift().get(u, 1, 2), lift.values()[2 * 2 + 1]);
            assertEquals(layout.lift().get(u, 0, 1), lift.values()[1 * 2 + 0]);
            for (Path file : files) {
                total += NpyFile.read(file).values().length;
            }
            assertEquals(u.length, total, "every parameter exported once");
        }
    }

    @Test
    void dmrNetsBranchFieldAndCoefficientsAreExportedToo() throws Exception {
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(3)
                .layerUpdate(io.github.pontryagin.adjoint.LayerUpdate.dmrNet(3)).seed(4).build()) {
            double[] u = net.parameters();
            for (int i = 0; i < u.length; i++) {
                u[i] = i + 0.5;
            }
            List<Path> files = NpyExport.write(net, dir);
            assertEquals(List.of("K.npy", "beta.npy", "K'.npy", "beta'.npy", "coefficients.npy", "h.npy",
                    "head.W.npy", "head.mu.npy"), files.stream().map(p -> p.getFileName().toString()).toList());
            Parameters layout = net.layout();
            NpyFile.Array k = NpyFile.read(dir.resolve("K'.npy"));
            assertArrayEquals(new int[]{3, 2, 2}, k.shape());
            assertEquals(u[layout.layer(2).block("K'").index(1, 0)], k.values()[(2 * 2 + 1) * 2 + 0]);
            NpyFile.Array c = NpyFile.read(dir.resolve("coefficients.npy"));
            assertArrayEquals(new int[]{3, 6}, c.shape());
            assertEquals(u[layout.layer(1).block("beta_2").offset()], c.values()[6 + 5]);
            int total = 0;
            for (Path file : files) {
                total += NpyFile.read(file).values().length;
            }
            assertEquals(u.length, total, "every parameter exported once");
        }
    }
}
