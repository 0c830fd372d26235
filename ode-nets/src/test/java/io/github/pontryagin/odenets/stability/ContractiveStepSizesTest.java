package io.github.pontryagin.odenets.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.tableau.ImplicitTableau;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.train.Trainer;

/** {@link ContractiveStepSizes}: the learned step sizes stay inside the rule h_n < −ν̄_n r, and bad requests fail. */
class ContractiveStepSizesTest {

    private static OdeNet net(String family, LayerUpdate update, StepSizePolicy steps, double horizon) {
        return OdeNet.builder().inputDimension(2).width(2).layers(6).layerUpdate(update)
                .field(VectorFieldSpec.of(family).withActivation(Activation.TANH)).stepSizes(steps).horizon(horizon)
                .seed(3).build();
    }

    @Test
    void trainingKeepsEveryStepInsideTheBoundAndTheReportAgrees() throws Exception {
        Dataset data = Datasets.spiral(80, 4);
        // a long horizon starts every layer far outside the bound: the projection has work to do
        try (OdeNet net = net("gradient", LayerUpdate.rungeKutta(Tableau.euler()), StepSizePolicy.FREE, 30)) {
            double[] u = net.parameters().clone();
            Parameters.Block k0 = net.layout().layer(0).block("K");
            for (int q = k0.offset(); q < net.layout().layer(5).block("K").end(); q++) {
                u[q] *= 4;
            }
            net.setParameters(u);
            ContractiveStepSizes projection = ContractiveStepSizes.of(net, 0.99);
            StabilityReport before = StabilityReport.of(net, data.features(), data.size());
            assertTrue(before.layersBreakingStepRule() > 0, before.table());
            Trainer.builder().optimizer(Optimizers.adam(0.01).withProjection(projection)).iterations(40).seed(1)
                    .build().train(net, data, null);
            StabilityReport after = StabilityReport.of(net, data.features(), data.size());
            assertEquals(0, after.layersBreakingStepRule(), after.table());
            for (StabilityReport.Layer layer : after.layers()) {
                double bound = projection.bound(net.parameters(), layer.layer());
                assertTrue(layer.stepSize() >= 0 && layer.stepSize() <= bound, layer + " bound " + bound);
                assertEquals(0.99 * layer.stepBound(), bound, 1e-9 * bound);
            }
            // explicit Euler steps on a gradient field with h‖KᵀDK‖ ≤ 1: small perturbations never grow
            assertTrue(after.measuredMax() <= 1 + 1e-12, after.table());
        }
    }

    @Test
    void projectionClampsToTheBoundAndToZero() {
        try (OdeNet net = net("gradient", LayerUpdate.rungeKutta(Tableau.rk4()), StepSizePolicy.FREE, 1)) {
            ContractiveStepSizes projection = ContractiveStepSizes.of(net, 0.5);
            double[] u = net.parameters().clone();
            Parameters.Block steps = net.layout().stepSizes();
            SplittableRandom random = new SplittableRandom(2);
            for (int n = 0; n < 6; n++) {
                u[steps.offset() + n] = n % 2 == 0 ? -1 : 1e6 * random.nextDouble();
            }
            projection.project(u);
            for (int n = 0; n < 6; n++) {
                double expected = n % 2 == 0 ? 0 : projection.bound(u, n);
                assertEquals(expected, u[steps.offset() + n], 0.0);
            }
        }
        try (OdeNet implicit = net("gradient", LayerUpdate.implicit(ImplicitTableau.implicitEuler()),
                StepSizePolicy.FREE, 1)) {
            assertEquals(Double.POSITIVE_INFINITY, ContractiveStepSizes.of(implicit, 0.9).bound(implicit.parameters(),
                    0));
        }
    }

    @Test
    void fieldsAndPoliciesWithoutABoundAreRejectedInOneLine() {
        try (OdeNet affine = net("sigma-affine", LayerUpdate.rungeKutta(Tableau.rk4()), StepSizePolicy.FREE, 1);
             OdeNet simplex = net("gradient", LayerUpdate.rungeKutta(Tableau.rk4()), StepSizePolicy.SIMPLEX, 1);
             OdeNet luther = net("gradient", LayerUpdate.rungeKutta(Tableau.byName("luther")), StepSizePolicy.FREE,
                     1)) {
            assertEquals("the 'sigma-affine' field has no contractivity bound to project the step sizes into (its"
                            + " monotonicity constant can be positive); use the gradient family, f = -K^T sigma(K y"
                            + " + beta)",
                    assertThrows(IllegalArgumentException.class, () -> ContractiveStepSizes.of(affine, 0.99))
                            .getMessage());
            assertEquals("contractive step sizes need freely learned step sizes (steps 'free'), got 'simplex'",
                    assertThrows(IllegalArgumentException.class, () -> ContractiveStepSizes.of(simplex, 0.99))
                            .getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ContractiveStepSizes.of(luther, 0.99))
                    .getMessage().startsWith("tableau 'luther' has threshold factor 0"));
            assertEquals("safety factor must be in (0, 1), got 1.0",
                    assertThrows(IllegalArgumentException.class, () -> ContractiveStepSizes.of(luther, 1.0))
                            .getMessage());
        }
    }
}
