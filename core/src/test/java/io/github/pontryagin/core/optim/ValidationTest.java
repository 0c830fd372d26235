package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every hyper-parameter is validated, and the message names the parameter, the value and the range. */
class ValidationTest {

    private static void assertRejected(Executable construction, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    @Test
    void negativeStepIsRejectedWithNameValueAndRange() {
        assertRejected(() -> Optimizers.gradientDescent(-0.1), "learningRate", "-0.1", "> 0");
        assertRejected(() -> Optimizers.heavyBall(-1e-3, 0.9), "learningRate", "-0.001", "> 0");
        assertRejected(() -> Optimizers.relativistic(-1.0, 0.9, 0.0, 1.0), "epsilon", "-1.0", "> 0");
        assertRejected(() -> Optimizers.conformalSymplecticEuler(DampedHamiltonianFlow.newtonian(1, 1), -0.5), "h", "-0.5", "> 0");
        assertRejected(() -> Optimizers.ssa1(-0.02, 1.0), "h", "-0.02");
        assertRejected(() -> Optimizers.ssa2(1.5, 1.0, 1.0, 0.1), "h", "1.5", "(0, 1]");
        assertRejected(() -> Optimizers.armijo(0.0, 0.5, 0.4), "initialStep", "0.0", "> 0");
        assertRejected(() -> Optimizers.lipschitzBacktracking(-2.0), "initialLipschitz", "-2.0");
    }

    @Test
    void momentumOutsideUnitIntervalIsRejected() {
        assertRejected(() -> Optimizers.heavyBall(1e-3, 1.2), "momentum", "1.2", "[0, 1)");
        assertRejected(() -> Optimizers.heavyBall(1e-3, 1.0), "momentum", "1.0", "[0, 1)");
        assertRejected(() -> Optimizers.nesterov(1e-3, -0.1), "momentum", "-0.1", "[0, 1)");
        assertRejected(() -> Optimizers.adam(1e-3, 1.0, 0.999, 1e-8), "beta1", "1.0", "[0, 1)");
        assertRejected(() -> Optimizers.adam(1e-3, 0.9, 1.5, 1e-8), "beta2", "1.5", "[0, 1)");
        assertRejected(() -> Optimizers.rmsProp(1e-3, 1.0, 1e-8), "rho", "1.0", "[0, 1)");
        assertRejected(() -> Optimizers.adadelta(1.0, -0.5, 1e-6), "rho", "-0.5", "[0, 1)");
        assertRejected(() -> Optimizers.relativistic(1e-3, 1.0, 0.0, 1.0), "mu", "1.0", "(0, 1)");
        assertRejected(() -> Optimizers.relativistic(1e-3, 0.9, 0.0, 1.1), "alpha", "1.1", "[0, 1]");
        assertRejected(() -> Optimizers.armijo(1.0, 1.0, 0.4), "rho", "1.0", "(0, 1)");
        assertRejected(() -> Optimizers.armijo(1.0, 0.5, 0.0), "c", "0.0", "(0, 1)");
    }

    @Test
    void nonFiniteValuesAreRejected() {
        assertRejected(() -> Optimizers.gradientDescent(Double.NaN), "learningRate", "NaN");
        assertRejected(() -> Optimizers.gradientDescent(Double.POSITIVE_INFINITY), "learningRate", "Infinity");
        assertRejected(() -> Optimizers.heavyBall(1e-3, Double.NaN), "momentum", "NaN");
        assertRejected(() -> Optimizers.adam(1e-3, 0.9, 0.999, Double.NaN), "epsilon", "NaN");
        assertRejected(() -> Optimizers.adamW(1e-3, 0.9, 0.999, 1e-8, Double.POSITIVE_INFINITY), "weightDecay", "Infinity");
        assertRejected(() -> Optimizers.adagrad(1e-3, -1e-8), "epsilon", "-1.0E-8");
        assertRejected(() -> Optimizers.relativistic(1e-3, 0.9, Double.NaN, 1.0), "delta", "NaN");
        assertRejected(() -> Optimizers.ssa2(0.1, Double.NaN, 1.0, 0.1), "k", "NaN");
        assertRejected(() -> Optimizers.ssa2(0.1, 1.0, -1.0, 0.1), "q", "-1.0");
        assertRejected(() -> Optimizers.ssa2(0.1, 1.0, 1.0, 0.0), "tau", "0.0");
        assertRejected(() -> DampedHamiltonianFlow.newtonian(1.0, Double.NaN), "damping", "NaN");
        assertRejected(() -> DampedHamiltonianFlow.newtonian(-1.0, 0.5), "mass", "-1.0");
        assertRejected(() -> KineticEnergy.relativistic(1.0, Double.POSITIVE_INFINITY), "speedOfLight", "Infinity");
        assertRejected(() -> GradientClipping.byGlobalNorm(0.0), "threshold", "0.0");
        assertRejected(() -> GradientClipping.byValue(Double.NaN), "threshold", "NaN");
        assertRejected(() -> Projection.simplex(-1.0), "total", "-1.0");
        assertRejected(() -> Projection.box(Double.NaN, 1.0), "lower", "NaN");
    }

    @Test
    void stateOfWrongSizeOrFromAnotherOptimizerIsRejected() {
        Optimizer adam = Optimizers.adam(1e-3);
        OptimizerState state = adam.newState(3);
        assertRejected(() -> adam.step(TestObjectives.ROSENBROCK, new double[4], state), "length 4", "length 3");
        Optimizer clipped = adam.withGradientClipping(GradientClipping.byValue(1.0));
        assertRejected(() -> clipped.step(TestObjectives.ROSENBROCK, new double[3], state), "newState");
        Optimizer projected = adam.withProjection(Projection.box(0, 1));
        assertRejected(() -> projected.step(TestObjectives.ROSENBROCK, new double[3], state), "newState");
    }
}
