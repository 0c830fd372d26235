package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer update's own coefficients and the field's parameter blocks share one namespace per layer
 * ({@link Parameters.Layer#block}): the built-in names never collide, a collision is refused, and an HB-Net whose
 * field has blocks called {@code beta1}, {@code beta2} (two-layer, hamiltonian) still starts as the Euler ResNet.
 */
class CoefficientNamesTest {

    private static final Dataset DATA = Datasets.donut2d(60, 4);

    @Test
    void hbNetWithTwoLayerAndHamiltonianFieldsStartsAsTheEulerResNetBitForBit() {
        for (String family : new String[] {"two-layer", "hamiltonian"}) {
            OdeNetBuilder base = OdeNet.builder().inputDimension(2).width(4).layers(5).horizon(2.0)
                    .field(VectorFieldSpec.of(family)).initialization(Initialization.XAVIER).seed(7).chunkSize(32);
            try (OdeNet euler = base.tableau("euler").build();
                 OdeNet hb = base.layerUpdate(LayerUpdate.heavyBall()).build()) {
                Parameters layout = hb.layout();
                List<String> own = hb.architecture().update().layerParameterNames();
                assertEquals(layout.size(), euler.layout().size() + own.size() * 5);
                double[] gEuler = new double[euler.parameters().length];
                double[] gHb = new double[hb.parameters().length];
                double lossEuler = euler.lossAndGradient(euler.parameters(), DATA.features(), DATA.labels(),
                        DATA.size(), gEuler);
                double lossHb = hb.lossAndGradient(hb.parameters(), DATA.features(), DATA.labels(), DATA.size(), gHb);
                assertEquals(lossEuler, lossHb, 0.0, family + ": HB-Net at (1, 0) is not the Euler ResNet");
                for (int n = 0; n < 5; n++) {
                    assertEquals(1.0, hb.parameters()[layout.layer(n).block(own.get(0)).offset()], family);
                    assertEquals(0.0, hb.parameters()[layout.layer(n).block(own.get(1)).offset()], family);
                    for (String block : euler.layout().blockNames()) {
                        Parameters.Block e = euler.layout().layer(n).block(block);
                        Parameters.Block b = layout.layer(n).block(block);
                        assertEquals(e.size(), b.size());
                        for (int i = 0; i < e.size(); i++) {
                            assertEquals(euler.parameters()[e.offset() + i], hb.parameters()[b.offset() + i], 0.0,
                                    family + ": layer " + n + " " + block + " initialised differently");
                            assertEquals(gEuler[e.offset() + i], gHb[b.offset() + i], 0.0,
                                    family + ": layer " + n + " " + block + " gradient");
                        }
                    }
                }
                for (String part : new String[] {"h", "head"}) {
                    Parameters.Block a = euler.layout().parts().stream().filter(p -> p.name().equals(part))
                            .findFirst().orElseThrow();
                    Parameters.Block b = layout.parts().stream().filter(p -> p.name().equals(part)).findFirst()
                            .orElseThrow();
                    for (int i = 0; i < a.size(); i++) {
                        assertEquals(gEuler[a.offset() + i], gHb[b.offset() + i], 0.0, family + ": " + part);
                    }
                }
            }
        }
    }

    @Test
    void noRegisteredUpdateCollidesWithAnyFieldFamily() {
        List<LayerUpdate> updates = new ArrayList<>(List.of(LayerUpdate.rungeKutta(
                io.github.pontryagin.core.tableau.Tableau.euler()), LayerUpdate.plain()));
        for (String name : LayerUpdate.structured().names()) {
            updates.add(LayerUpdate.structured().get(name).forLayers(4));
        }
        for (String family : VectorFields.families()) {
            VectorField field = VectorFields.create(family, 4, Activation.TANH);
            for (LayerUpdate update : updates) {
                Parameters layout = new Parameters(field, update, 4, true, 1, 2, false);
                List<String> names = layout.blockNames();
                Set<String> distinct = new HashSet<>(names);
                assertEquals(names.size(), distinct.size(), family + " x " + update + ": " + names);
                for (String own : update.layerParameterNames()) {
                    Parameters.Block b = layout.layer(3).block(own);
                    assertEquals(1, b.size());
                    assertTrue(b.offset() >= layout.layer(3).all().offset() + layout.fieldParametersPerLayer(),
                            family + " x " + update + ": " + own + " is not the coefficient");
                }
            }
        }
    }

    @Test
    void modelFilesStoreNoBlockNamesSoHbNetFilesFromBeforeTheRenameReadUnchanged(@TempDir Path dir) throws Exception {
        try (OdeNet hb = OdeNet.builder().inputDimension(2).width(4).layers(3).field(VectorFieldSpec.of("two-layer"))
                .layerUpdate(LayerUpdate.heavyBall()).seed(2).build()) {
            double[] u = hb.parameters().clone();
            u[hb.layout().layer(1).block("hb_beta2").offset()] = 0.25;
            u[hb.layout().layer(1).block("beta1").offset()] = -0.5;
            hb.setParameters(u);
            Path file = dir.resolve("hb.json");
            ModelFile.write(hb, file);
            String text = Files.readString(file);
            // the parameters are one positional vector: no coefficient or block name is written, so a file written
            // while the coefficients were called beta1, beta2 is the same file
            assertFalse(text.contains("beta1") || text.contains("beta2"), text);
            try (OdeNet loaded = ModelFile.read(file)) {
                assertArrayEquals(u, loaded.parameters());
                assertEquals(0.25, loaded.parameters()[loaded.layout().layer(1).block("hb_beta2").offset()], 0.0);
                assertEquals(hb.loss(u, DATA.features(), DATA.labels(), DATA.size()),
                        loaded.loss(loaded.parameters(), DATA.features(), DATA.labels(), DATA.size()), 0.0);
            }
        }
    }

    /** A field with the given block names, each 1 × 1; only its layout is read (it is never evaluated). */
    private static VectorField fieldWithBlocks(String... names) {
        return new VectorField() {
            @Override
            public String family() {
                return "named";
            }

            @Override
            public Activation activation() {
                return Activation.IDENTITY;
            }

            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public int parameterCount() {
                return names.length;
            }

            @Override
            public List<io.github.pontryagin.core.field.ParameterBlock> parameterBlocks() {
                List<io.github.pontryagin.core.field.ParameterBlock> blocks = new ArrayList<>();
                for (int i = 0; i < names.length; i++) {
                    blocks.add(new io.github.pontryagin.core.field.ParameterBlock(names[i],
                            io.github.pontryagin.core.field.ParameterBlock.Kind.BIAS, 1, 1, i));
                }
                return blocks;
            }

            @Override
            public int workspaceSize(int m) {
                return 0;
            }

            @Override
            public void apply(double[] theta, int thetaOffset, double[] y, int m, double[] out, double[] work) {
                throw new UnsupportedOperationException("layout only");
            }

            @Override
            public void vjp(double[] theta, int thetaOffset, double[] y, double[] v, int m, double[] outY,
                            double[] gradTheta, int gradOffset, double[] work) {
                throw new UnsupportedOperationException("layout only");
            }

            @Override
            public void jvp(double[] theta, int thetaOffset, double[] y, double[] v, int m, double[] out,
                            double[] work) {
                throw new UnsupportedOperationException("layout only");
            }

            @Override
            public <T extends org.hipparchus.CalculusFieldElement<T>> void apply(T[] theta, int thetaOffset, T[] y,
                                                                                 T[] out) {
                throw new UnsupportedOperationException("layout only");
            }
        };
    }

    @Test
    void aFieldBlockNamedLikeACoefficientOrABranchBlockIsRefusedInOneLine() {
        IllegalArgumentException hb = assertThrows(IllegalArgumentException.class,
                () -> new Parameters(fieldWithBlocks("K", "hb_beta1"), LayerUpdate.heavyBall(), 3, true, 1, 2, false));
        assertEquals("parameter block name 'hb_beta1' is used twice in a layer of the hb-net net: by the field"
                + " 'named' block and by the layer update 'hb-net' coefficient; every block and coefficient of a layer"
                + " needs its own name", hb.getMessage());
        IllegalArgumentException gamma = assertThrows(IllegalArgumentException.class,
                () -> OdeNet.builder().inputDimension(2).width(2).layers(3).layerUpdate(LayerUpdate.conformalEuler())
                        .field(fieldWithBlocks("gamma", "K")).build());
        assertTrue(gamma.getMessage().contains("'gamma'") && gamma.getMessage().contains("'conformal-euler'")
                && !gamma.getMessage().contains("\n"), gamma.getMessage());
        IllegalArgumentException prime = assertThrows(IllegalArgumentException.class,
                () -> new Parameters(fieldWithBlocks("beta", "beta'"), LayerUpdate.dmrNet(3), 3, true, 1, 2, false));
        assertEquals("parameter block name 'beta'' is used twice in a layer of the dmr-net net: by the field 'named'"
                + " block and by the branch set 1 of field 'named' block; every block and coefficient of a layer"
                + " needs its own name", prime.getMessage());
        IllegalArgumentException agd = assertThrows(IllegalArgumentException.class,
                () -> new Parameters(fieldWithBlocks("alpha_2"), LayerUpdate.agdNet(3), 3, true, 1, 2, false));
        assertTrue(agd.getMessage().contains("'alpha_2'"), agd.getMessage());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> new Parameters(
                fieldWithBlocks("K", "h"), LayerUpdate.rungeKutta(io.github.pontryagin.core.tableau.Tableau.euler()), 3,
                true, 1, 2, false));
        assertEquals("parameter block name 'h' is used twice in a layer of the euler net: by the step size h (a layer's"
                + " key in the gradient and export files) and by the field 'named' block; every block and coefficient"
                + " of a layer needs its own name", h.getMessage());
        // the same field with a Runge–Kutta layer has no coefficients to collide with
        assertEquals(List.of("K", "hb_beta1"), new Parameters(fieldWithBlocks("K", "hb_beta1"),
                LayerUpdate.rungeKutta(io.github.pontryagin.core.tableau.Tableau.euler()), 3, true, 1, 2, false)
                .blockNames());
    }
}
