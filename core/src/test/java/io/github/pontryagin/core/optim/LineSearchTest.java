package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Armijo's sufficient-decrease condition holds at every accepted step of both line searches. */
class LineSearchTest {

    private static void assertArmijoAtEveryStep(Optimizer optimizer, Objective objective, double[] u, double c,
            int steps) {
        OptimizerState state = optimizer.newState(u.length);
        int accepted = 0;
        int backtracked = 0;
        for (int k = 0; k < steps; k++) {
            double[] before = u.clone();
            double[] g = TestObjectives.gradient(objective, before);
            double f0 = TestObjectives.value(objective, before);
            double lipschitzBefore = state.lipschitzEstimate();
            double returned = optimizer.step(objective, u, state);
            assertEquals(f0, returned, 0.0, "step must return J at the start point");
            double tau = state.lastStepSize();
            if (tau == 0.0) {
                continue;
            }
            accepted++;
            backtracked += state.lastBacktracks() > 0 ? 1 : 0;
            double gg = 0.0;
            for (int i = 0; i < u.length; i++) {
                gg += g[i] * g[i];
                assertEquals(before[i] - tau * g[i], u[i], 1e-15 * Math.max(1.0, Math.abs(u[i])), "step is not u - tau g");
            }
            double f1 = TestObjectives.value(objective, u);
            assertTrue(f1 <= f0 - c * tau * gg, "Armijo condition violated at step " + k + ": J went from " + f0
                    + " to " + f1 + " with tau " + tau);
            if (!Double.isNaN(lipschitzBefore)) {
                double expected = lipschitzBefore * Math.pow(1.5, state.lastBacktracks()) * 0.99;
                assertEquals(expected, state.lipschitzEstimate(), 1e-12 * expected, "L update is not x1.5^k x0.99");
                assertEquals(1.0 / (lipschitzBefore * Math.pow(1.5, state.lastBacktracks())), tau, 1e-12 * tau);
            }
        }
        assertTrue(accepted > steps / 2, "too few accepted steps: " + accepted);
        assertTrue(backtracked > 0, "the test never exercised a rejection");
    }

    @Test
    void armijoConditionHoldsAtEveryAcceptedStepOnRosenbrock() {
        assertArmijoAtEveryStep(Optimizers.armijo(1.0, 0.5, 0.4), TestObjectives.ROSENBROCK, new double[] {-1.2, 1.0},
                0.4, 2000);
    }

    @Test
    void lipschitzRuleSatisfiesArmijoWithHalfAtEveryAcceptedStepOnRosenbrock() {
        assertArmijoAtEveryStep(Optimizers.lipschitzBacktracking(0.1), TestObjectives.ROSENBROCK,
                new double[10], 0.5, 2000);
    }

    @Test
    void armijoConditionHoldsAtEveryAcceptedStepOnIllConditionedQuadratic() {
        assertArmijoAtEveryStep(Optimizers.armijo(1.0, 0.5, 0.4), new TestObjectives.Quadratic(10, 1e4, 5L),
                new double[10], 0.4, 2000);
    }

    @Test
    void lineSearchLeavesStationaryPointUnchanged() {
        Objective constant = (u, g) -> {
            java.util.Arrays.fill(g, 0.0);
            return 1.0;
        };
        double[] u = {0.3, -0.7};
        OptimizerState state = Optimizers.armijo(1.0, 0.5, 0.4).newState(2);
        Optimizers.armijo(1.0, 0.5, 0.4).step(constant, u, state);
        assertEquals(0.3, u[0]);
        assertEquals(-0.7, u[1]);
    }
}
