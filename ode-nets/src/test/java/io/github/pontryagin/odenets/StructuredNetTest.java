package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pontryagin.adjoint.Adjoint;
import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.adjoint.ReversibleAdjoint;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingResult;
import org.junit.jupiter.api.Test;

/** Hamiltonian nets (leapfrog layers) through the facade: reversible backprop trains like stored backprop. */
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

    @Test
    void momentumUpdatesAreRejectedUntilParametersHoldTheirCoefficients() {
        for (LayerUpdate update : new LayerUpdate[] {LayerUpdate.heavyBall(), LayerUpdate.conformalEuler()}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> OdeNet.builder().inputDimension(2).width(2).layers(3).layerUpdate(update).build());
            assertTrue(e.getMessage().contains(update.name()), e.getMessage());
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
