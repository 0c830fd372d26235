package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The discrete-gradient (Itoh–Abe) methods: decrease at every step for every τ, stationary fixed points. */
class ItohAbeTest {

    /** Counts value-only and gradient evaluations, to check that the method is derivative-free. */
    private static final class Counting implements Objective {
        final Objective inner;
        int gradients;

        Counting(Objective inner) {
            this.inner = inner;
        }

        @Override
        public double valueAndGradient(double[] u, double[] gradOut) {
            gradients++;
            return inner.valueAndGradient(u, gradOut);
        }

        @Override
        public double value(double[] u) {
            return inner.valueAndGradient(u, new double[u.length]);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-3, 1.0, 1e3})
    void objectiveDecreasesAtEveryStepOnRosenbrockAndIllConditionedQuadratic(double tau) {
        Objective[] objectives = {TestObjectives.ROSENBROCK, new TestObjectives.Quadratic(6, 1e4, 5)};
        for (Objective f : objectives) {
            Counting counting = new Counting(f);
            Optimizer method = Optimizers.itohAbe(tau, 3);
            double[] u = {-1.2, 1.0, -0.5, 0.8, 0.3, -0.7};
            OptimizerState state = method.newState(u.length);
            double previous = TestObjectives.value(f, u);
            for (int k = 0; k < 200; k++) {
                method.step(counting, u, state);
                double value = TestObjectives.value(f, u);
                assertTrue(value < previous || value == previous && gradientNorm(f, u) < 1e-6,
                        "tau " + tau + ": J did not decrease at step " + k + ": " + previous + " → " + value);
                previous = value;
            }
            assertEquals(0, counting.gradients, "the method must not ask for gradients");
        }
    }

    @Test
    void minimizerIsAFixedPointAndFixedPointsAreStationary() {
        TestObjectives.Quadratic f = new TestObjectives.Quadratic(4, 100.0, 9);
        Optimizer method = Optimizers.itohAbe(0.5, 1);
        double[] u = f.center.clone();
        method.step(f, u, method.newState(4));
        assertArrayEquals(f.center, u, 0.0, "the minimizer does not move");

        double[] v = {2.0, -1.0, 0.5, 3.0};
        OptimizerState state = method.newState(4);
        double[] before = new double[4];
        int k = 0;
        do {
            System.arraycopy(v, 0, before, 0, 4);
            method.step(f, v, state);
        } while (++k < 5000 && distance(before, v) > 1e-12);
        assertTrue(gradientNorm(f, v) < 1e-6, "at the fixed point reached after " + k + " sweeps ‖∇J‖ = "
                + gradientNorm(f, v));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-3, 1.0, 1e3})
    void riemannianItohAbeDecreasesAtEveryStepAndKeepsOrthonormality(double tau) {
        Brockett brockett = new Brockett(5, 2, 2, 21);
        Optimizer method = Optimizers.itohAbe(tau, 4).onStiefel(List.of(brockett.block), Retraction.CAYLEY);
        double[] u = brockett.start(2);
        OptimizerState state = method.newState(u.length);
        double previous = TestObjectives.value(brockett, u);
        for (int k = 0; k < 100; k++) {
            method.step(brockett, u, state);
            double value = TestObjectives.value(brockett, u);
            assertTrue(value <= previous, "tau " + tau + ": J rose at step " + k + ": " + previous + " → " + value);
            previous = value;
        }
        assertTrue(brockett.block.orthonormalityError(u) <= 1e-12, "‖QᵀQ − I‖ = " + brockett.block.orthonormalityError(u));
        if (tau == 1.0) {
            assertEquals(brockett.minimum(), previous, 1e-6, "reaches Brockett's minimum");
        }
    }

    private static double gradientNorm(Objective f, double[] u) {
        double s = 0.0;
        for (double g : TestObjectives.gradient(f, u)) {
            s += g * g;
        }
        return Math.sqrt(s);
    }

    private static double distance(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s = Math.max(s, Math.abs(a[i] - b[i]));
        }
        return s;
    }
}
