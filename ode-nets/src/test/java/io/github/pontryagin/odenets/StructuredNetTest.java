package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;

import io.github.pontryagin.adjoint.Adjoint;
import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.GradientCheck;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.adjoint.ReversibleAdjoint;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structured nets through the facade: Hamiltonian nets (leapfrog layers; reversible backprop trains like stored
 * backprop) and the momentum nets (HB-Net, the conformal-Euler second-order layer, AGD-Net, DMRNet with its branch
 * field) with their coefficients as named parameter blocks, exact gradients, training, checkpoints and model files.
 */
class StructuredNetTest {

    private static final Dataset DATA = Datasets.donut2d(100, 4);

    private static OdeNet hamiltonianNet(Adjoint adjoint, int threads) {
        return OdeNet.builder().inputDimension(2).width(4).layers(8).layerUpdate(LayerUpdate.leapfrog())
                .field(VectorFieldSpec.of("hamiltonian")).horizon(2.0).initialization(Initialization.XAVIER).seed(8)
                .adjoint(adjoint).threads(threads).chunkSize(32).build();
    }

    private static TrainingResult train(OdeNet net) throws Exception {
        return Trainer.builder().optimizer(Optimizers.gradientDescent(0.5)).iterations(15).build()
                .train(net, DATA, null);
    }

    private static OdeNet momentumNet(LayerUpdate update, Adjoint adjoint) {
        return OdeNet.builder().inputDimension(2).width(3).layers(6).layerUpdate(update).horizon(2.0)
                .initialization(Initialization.XAVIER).seed(5).adjoint(adjoint).chunkSize(32).build();
    }

    @Test
    void hbNetAndAgdNetWithTheirInitialCoefficientsAreTheEulerResNetBitForBit() {
        for (String head : new String[] {"logistic-ls", "softmax"}) {
            OdeNetBuilder base = OdeNet.builder().inputDimension(2).width(3).layers(6).horizon(2.0).head(head)
                    .learnableLift(true).initialization(Initialization.XAVIER).seed(5).chunkSize(32);
            try (OdeNet euler = base.tableau("euler").build();
                 OdeNet hb = base.layerUpdate(LayerUpdate.heavyBall()).build();
                 OdeNet agd = base.layerUpdate(LayerUpdate.structured().get("agd-net")).build()) {
                double[] gAgd = new double[agd.parameters().length];
                double lossAgd = agd.lossAndGradient(agd.parameters(), DATA.features(), DATA.labels(), DATA.size(),
                        gAgd);
                Parameters layout = hb.layout();
                assertEquals(layout.size(), euler.layout().size() + 2 * 6);
                double[] gEuler = new double[euler.parameters().length];
                double[] gHb = new double[hb.parameters().length];
                double lossEuler = euler.lossAndGradient(euler.parameters(), DATA.features(), DATA.labels(),
                        DATA.size(), gEuler);
                double lossHb = hb.lossAndGradient(hb.parameters(), DATA.features(), DATA.labels(), DATA.size(), gHb);
                assertEquals(lossEuler, lossHb, 0.0, head + ": the losses differ");
                assertEquals(lossEuler, lossAgd, 0.0, head + ": AGD-Net's loss differs");
                int fieldCount = layout.fieldParametersPerLayer();
                for (int n = 0; n < 6; n++) {
                    assertEquals(1.0, hb.parameters()[layout.layer(n).block("hb_beta1").offset()]);
                    assertEquals(0.0, hb.parameters()[layout.layer(n).block("hb_beta2").offset()]);
                    for (int r = 0; r < fieldCount; r++) {
                        int e = euler.layout().layer(n).all().offset() + r;
                        int b = layout.layer(n).all().offset() + r;
                        assertEquals(euler.parameters()[e], hb.parameters()[b], 0.0, "same initialisation");
                        assertEquals(gEuler[e], gHb[b], 0.0, head + ": field gradient of layer " + n);
                        assertEquals(gEuler[e], gAgd[agd.layout().layer(n).all().offset() + r], 0.0,
                                head + ": AGD-Net field gradient of layer " + n);
                    }
                }
                for (String part : new String[] {"h", "head", "lift"}) {
                    Parameters.Block a = euler.layout().parts().stream().filter(p -> p.name().equals(part))
                            .findFirst().orElseThrow();
                    Parameters.Block b = layout.parts().stream().filter(p -> p.name().equals(part)).findFirst()
                            .orElseThrow();
                    for (int i = 0; i < a.size(); i++) {
                        assertEquals(gEuler[a.offset() + i], gHb[b.offset() + i], 0.0, head + ": " + part + " gradient");
                        Parameters.Block c = agd.layout().parts().stream().filter(q -> q.name().equals(part))
                                .findFirst().orElseThrow();
                        assertEquals(gEuler[a.offset() + i], gAgd[c.offset() + i], 0.0, head + ": AGD " + part);
                    }
                }
                assertEquals(java.util.Arrays.toString(euler.predict(DATA.features(), DATA.size())),
                        java.util.Arrays.toString(hb.predict(DATA.features(), DATA.size())));
            }
        }
    }

    @Test
    void dmrNetWithItsInitialCoefficientsIsTheEulerResNetBitForBit() {
        for (String head : new String[] {"logistic-ls", "softmax"}) {
            OdeNetBuilder base = OdeNet.builder().inputDimension(2).width(3).layers(6).horizon(2.0).head(head)
                    .learnableLift(true).initialization(Initialization.XAVIER).seed(5).chunkSize(32);
            try (OdeNet euler = base.tableau("euler").build();
                 OdeNet dmr = base.layerUpdate(LayerUpdate.structured().get("dmr-net")).build()) {
                Parameters layout = dmr.layout();
                Parameters eulerLayout = euler.layout();
                int p = eulerLayout.fieldParametersPerLayer();
                assertEquals(2 * p, layout.fieldParametersPerLayer());
                assertEquals(layout.size(), eulerLayout.size() + 6 * (p + 2 * 6));
                // the Euler net's parameters in DMRNet's layout; the branch field θ' keeps its own random draws
                double[] u = dmr.parameters().clone();
                for (int n = 0; n < 6; n++) {
                    System.arraycopy(euler.parameters(), eulerLayout.layer(n).all().offset(), u,
                            layout.layer(n).all().offset(), p);
                    assertEquals(1.0, u[layout.layer(n).block("beta_" + n).offset()]);
                    for (int j = 0; j < 6; j++) {
                        assertEquals(0.0, u[layout.layer(n).block("alpha_" + j).offset()]);
                    }
                }
                for (String part : new String[] {"h", "head", "lift"}) {
                    Parameters.Block a = part(eulerLayout, part);
                    System.arraycopy(euler.parameters(), a.offset(), u, part(layout, part).offset(), a.size());
                }
                double[] gEuler = new double[euler.parameters().length];
                double[] gDmr = new double[u.length];
                double lossEuler = euler.lossAndGradient(euler.parameters(), DATA.features(), DATA.labels(),
                        DATA.size(), gEuler);
                double lossDmr = dmr.lossAndGradient(u, DATA.features(), DATA.labels(), DATA.size(), gDmr);
                assertEquals(lossEuler, lossDmr, 0.0, head + ": DMRNet's loss differs");
                assertEquals(lossEuler, dmr.loss(u, DATA.features(), DATA.labels(), DATA.size()), 0.0,
                        head + ": the value-only loss differs");
                for (int n = 0; n < 6; n++) {
                    for (int r = 0; r < p; r++) {
                        assertEquals(gEuler[eulerLayout.layer(n).all().offset() + r],
                                gDmr[layout.layer(n).all().offset() + r], 0.0, head + ": field gradient of layer " + n);
                    }
                }
                for (String part : new String[] {"h", "head", "lift"}) {
                    Parameters.Block a = part(eulerLayout, part);
                    Parameters.Block b = part(layout, part);
                    for (int i = 0; i < a.size(); i++) {
                        assertEquals(gEuler[a.offset() + i], gDmr[b.offset() + i], 0.0,
                                head + ": " + part + " gradient");
                    }
                }
            }
        }
    }

    private static Parameters.Block part(Parameters layout, String name) {
        return layout.parts().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void dmrNetsBranchFieldIsNamedPrimedBlocks() {
        try (OdeNet net = momentumNet(LayerUpdate.dmrNet(6), DiscreteAdjoint.reverse())) {
            Parameters layout = net.layout();
            int p = net.field().parameterCount();
            assertEquals(java.util.List.of("K", "beta", "K'", "beta'"), layout.blockNames().subList(0, 4));
            assertEquals(layout.layer(2).block("K").offset() + p, layout.layer(2).block("K'").offset());
            assertEquals(layout.layer(2).block("beta").offset() + p, layout.layer(2).block("beta'").offset());
            assertEquals("layer 2 K'[1][0]", layout.describe(layout.layer(2).block("K'").index(1, 0)));
            assertEquals("layer 2 beta'[0][2]", layout.describe(layout.layer(2).block("beta'").index(0, 2)));
            assertEquals("layer 2 alpha_0", layout.describe(layout.layer(2).block("alpha_0").offset()));
            // θ' is drawn, not copied from θ (the two streams would stay equal)
            double[] u = net.parameters();
            Parameters.Block k = layout.layer(0).block("K");
            Parameters.Block kb = layout.layer(0).block("K'");
            assertTrue(java.util.Arrays.stream(kb.indices()).anyMatch(i -> u[i] != 0.0));
            assertTrue(!java.util.Arrays.equals(java.util.Arrays.copyOfRange(u, k.offset(), k.end()),
                    java.util.Arrays.copyOfRange(u, kb.offset(), kb.end())));
        }
    }

    @Test
    void momentumCoefficientsAreNamedBlocksWithExactGradients() {
        for (LayerUpdate update : new LayerUpdate[] {LayerUpdate.heavyBall(), LayerUpdate.conformalEuler(),
            LayerUpdate.conformalVerlet(), LayerUpdate.agdNet(6), LayerUpdate.dmrNet(6)}) {
            try (OdeNet net = momentumNet(update, DiscreteAdjoint.reverse().checkpointEvery(4))) {
                Parameters layout = net.layout();
                assertEquals(layout.blockNames().subList(layout.blockNames().size() - update.layerParameterCount(),
                        layout.blockNames().size()), update.layerParameterNames());
                String last = update.layerParameterNames().get(update.layerParameterCount() - 1);
                int at = layout.layer(2).block(last).offset();
                assertEquals("layer 2 " + last, layout.describe(at));
                double[] u = net.parameters().clone();
                SplittableRandom random = new SplittableRandom(3);
                for (int i = 0; i < layout.theta().end(); i++) {
                    u[i] += 0.1 * random.nextGaussian(); // away from beta = (1, 0): every term of the adjoint counts
                }
                double[] gradient = new double[u.length];
                net.lossAndGradient(u, DATA.features(), DATA.labels(), DATA.size(), gradient);
                GradientCheck.Report report = GradientCheck.check(
                        point -> net.loss(point, DATA.features(), DATA.labels(), DATA.size()), u, gradient,
                        layout.gradientCheckBlocks(), GradientCheck.DEFAULT_STEP);
                assertTrue(report.maxRelativeError() <= 1e-6, update + "\n" + report.toTable());
                assertTrue(report.blocks().stream().anyMatch(b -> b.name().equals(last)), report.toTable());
                assertEquals(update.branchFieldSets() > 0,
                        report.blocks().stream().anyMatch(b -> b.name().equals("K'")), report.toTable());
            }
        }
    }

    @Test
    void momentumNetsTrainSaveAndLoad(@TempDir Path dir) throws Exception {
        for (LayerUpdate update : new LayerUpdate[] {LayerUpdate.heavyBall(), LayerUpdate.conformalEuler(),
            LayerUpdate.conformalVerlet(), LayerUpdate.structured().get("agd-net"),
            LayerUpdate.structured().get("dmr-net")}) {
            try (OdeNet stored = momentumNet(update, DiscreteAdjoint.reverse());
                 OdeNet checkpointed = momentumNet(update, DiscreteAdjoint.reverse().checkpointEvery(2))) {
                double initial = stored.loss(DATA.features(), DATA.labels(), DATA.size());
                TrainingResult a = train(stored);
                TrainingResult b = train(checkpointed);
                assertTrue(a.finalLoss() < initial, update + ": training decreases the loss: " + initial + " → "
                        + a.finalLoss());
                assertEquals(java.util.Arrays.toString(stored.parameters()),
                        java.util.Arrays.toString(checkpointed.parameters()), update + ": checkpoints change no bit");
                assertEquals(a.finalLoss(), b.finalLoss(), 0.0);
                Path file = dir.resolve(update.name() + ".json");
                assertEquals(update.forLayers(6), stored.architecture().update(), "made for the net's depth");
                ModelFile.write(stored, file);
                try (OdeNet loaded = ModelFile.read(file)) {
                    assertEquals(stored.architecture().update(), loaded.architecture().update());
                    assertEquals(java.util.Arrays.toString(stored.parameters()),
                            java.util.Arrays.toString(loaded.parameters()));
                    // per point, so independent of the chunk size (which a model file does not record)
                    assertEquals(java.util.Arrays.toString(stored.probabilities(DATA.features(), DATA.size())),
                            java.util.Arrays.toString(loaded.probabilities(DATA.features(), DATA.size())));
                }
            }
        }
    }

    @Test
    void reversibleBackpropTrainsLikeStoredBackpropForAnyThreadCount() throws Exception {
        try (OdeNet stored = hamiltonianNet(DiscreteAdjoint.reverse(), 1);
             OdeNet reversible = hamiltonianNet(ReversibleAdjoint.defaults(), 1);
             OdeNet threaded = hamiltonianNet(ReversibleAdjoint.defaults(), 2)) {
            TrainingResult a = train(stored);
            TrainingResult b = train(reversible);
            TrainingResult c = train(threaded);
            double initial = hamiltonianNet(DiscreteAdjoint.reverse(), 1).loss(DATA.features(), DATA.labels(),
                    DATA.size());
            assertTrue(a.finalLoss() < initial, "training decreases the loss: " + initial + " → " + a.finalLoss());
            assertEquals(a.finalLoss(), b.finalLoss(), 1e-10 * a.finalLoss());
            assertEquals(java.util.Arrays.toString(reversible.parameters()),
                    java.util.Arrays.toString(threaded.parameters()), "bit-identical for any thread count");
            double difference = 0;
            for (int i = 0; i < stored.parameters().length; i++) {
                difference = Math.max(difference, Math.abs(stored.parameters()[i] - reversible.parameters()[i]));
            }
            assertTrue(difference <= 1e-9, "parameters after 15 steps differ by " + difference);
        }
    }
}
