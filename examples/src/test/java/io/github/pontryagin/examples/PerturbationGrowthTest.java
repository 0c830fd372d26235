package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;
import org.junit.jupiter.api.Test;

/** Perturbation growth against nets whose flow is known in closed form. */
class PerturbationGrowthTest {

    @Test
    void identityFlowHasGrowthOneAndALinearFlowHasGrowthOfItsFactor() {
        Dataset data = Datasets.squares(60, 3);
        // h = 0: every layer is the identity, so every distance is kept
        try (OdeNet identity = OdeNet.builder().inputDimension(2).width(2).layers(3).tableau("euler")
                .stepSizes(StepSizePolicy.FIXED).horizon(1.0).seed(1).build()) {
            double[] u = identity.parameters().clone();
            java.util.Arrays.fill(u, 0.0);
            identity.setParameters(u);
            // with K = 0 and β = 0, σ-affine tanh gives f = 0: y_N = y_0
            PerturbationGrowth growth = PerturbationGrowth.of(identity, data);
            assertEquals(1.0, growth.median(), 1e-15);
            assertEquals(1.0, growth.max(), 1e-15);
        }
        // linear layers y_{n+1} = (1 + h a) y_n (identity activation, K = a I): every distance grows by (1 + h a)^N
        try (OdeNet linear = OdeNet.builder().inputDimension(2).width(2).layers(4).tableau("euler")
                .field(io.github.pontryagin.core.field.VectorFieldSpec.of("sigma-affine")
                        .withActivation(io.github.pontryagin.core.field.Activation.IDENTITY))
                .stepSizes(StepSizePolicy.FIXED).horizon(1.0).seed(1).build()) {
            double[] u = linear.parameters().clone();
            java.util.Arrays.fill(u, linear.layout().theta().offset(), linear.layout().theta().offset()
                    + linear.layout().theta().size(), 0.0);
            for (int n = 0; n < 4; n++) {
                var k = linear.layout().layer(n).block("K");
                u[k.index(0, 0)] = 0.8;
                u[k.index(1, 1)] = 0.8;
            }
            linear.setParameters(u);
            PerturbationGrowth growth = PerturbationGrowth.of(linear, data);
            double expected = Math.pow(1 + 0.25 * 0.8, 4);
            assertEquals(expected, growth.median(), 1e-13);
            assertEquals(expected, growth.max(), 1e-13);
        }
    }
}
