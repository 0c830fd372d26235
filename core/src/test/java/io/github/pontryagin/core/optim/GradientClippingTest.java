package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Clipping rules and the clipping wrapper. */
class GradientClippingTest {

    @Test
    void globalNormClippingRescalesToThresholdAndKeepsDirection() {
        double[] g = {3.0, -4.0};
        GradientClipping.byGlobalNorm(1.0).clip(g);
        assertArrayEquals(new double[] {0.6, -0.8}, g, 1e-15);
        double[] small = {0.3, 0.4};
        GradientClipping.byGlobalNorm(1.0).clip(small);
        assertArrayEquals(new double[] {0.3, 0.4}, small, 0.0);
    }

    @Test
    void valueClippingClampsEveryEntry() {
        double[] g = {3.0, -4.0, 0.2};
        GradientClipping.byValue(0.5).clip(g);
        assertArrayEquals(new double[] {0.5, -0.5, 0.2}, g, 0.0);
    }

    @Test
    void clippedGradientDescentMovesAtMostLearningRateTimesThresholdPerStep() {
        Optimizer optimizer = Optimizers.gradientDescent(1e-3).withGradientClipping(GradientClipping.byGlobalNorm(2.0));
        double[] u = {-1.2, 1.0};
        OptimizerState state = optimizer.newState(2);
        for (int k = 0; k < 100; k++) {
            double[] before = u.clone();
            optimizer.step(TestObjectives.ROSENBROCK, u, state);
            double move = Math.hypot(u[0] - before[0], u[1] - before[1]);
            assertTrue(move <= 2e-3 * (1 + 1e-12), "step " + k + " moved " + move);
        }
        assertEquals(100, state.iteration());
    }
}
