package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The two first-trial rules of {@link ArmijoBacktracking} and the value-only trial points of both line searches.
 */
class ArmijoWarmStartTest {

    /** Counts both kinds of evaluation of a delegate; its value-only path returns the delegate's bits. */
    private static final class Counting implements Objective {
        final Objective delegate;
        long values;
        long gradients;

        Counting(Objective delegate) {
            this.delegate = delegate;
        }

        @Override
        public double valueAndGradient(double[] u, double[] gradOut) {
            gradients++;
            return delegate.valueAndGradient(u, gradOut);
        }

        @Override
        public double value(double[] u) {
            values++;
            return delegate.valueAndGradient(u, new double[u.length]);
        }
    }

    /** The restart rule as it was: every trial evaluated with its gradient, which is then discarded. */
    private static double[] referenceRestartRule(Objective objective, double[] u0, double tau0, double rho, double c,
                                                 int steps) {
        double[] u = u0.clone();
        double[] g = new double[u.length];
        double[] trial = new double[u.length];
        double[] trialGradient = new double[u.length];
        for (int step = 0; step < steps; step++) {
            double value = objective.valueAndGradient(u, g);
            double gg = 0;
            for (double gi : g) {
                gg += gi * gi;
            }
            double tau = tau0;
            for (int k = 0; k <= Optimizers.DEFAULT_MAX_BACKTRACKS; k++) {
                for (int i = 0; i < u.length; i++) {
                    trial[i] = u[i] - tau * g[i];
                }
                if (objective.valueAndGradient(trial, trialGradient) <= value - c * tau * gg) {
                    System.arraycopy(trial, 0, u, 0, u.length);
                    break;
                }
                tau *= rho;
            }
        }
        return u;
    }

    @Test
    void restartRuleWithValueOnlyTrialsGivesTheIteratesOfGradientTrialsBitForBit() {
        double[] start = {-1.2, 1.0};
        double[] expected = referenceRestartRule(TestObjectives.ROSENBROCK, start, 1.0, 0.5, 0.4, 500);
        double[] u = start.clone();
        Optimizer armijo = Optimizers.armijo(1.0, 0.5, 0.4);
        OptimizerState state = armijo.newState(2);
        Counting counting = new Counting(TestObjectives.ROSENBROCK);
        for (int step = 0; step < 500; step++) {
            armijo.step(counting, u, state);
        }
        assertArrayEquals(expected, u, 0.0);
        assertEquals(500, counting.gradients, "one gradient per step, at its start point");
        assertTrue(counting.values >= 500, "every trial point is a value-only evaluation, got " + counting.values);
    }

    @Test
    void warmStartFirstTriesTheLastAcceptedStepOverRhoCappedAtTauMax() {
        double tau0 = 1.0;
        double rho = 0.5;
        double tauMax = 1.0;
        ArmijoBacktracking warm = new ArmijoBacktracking(tau0, rho, 0.4, 60, true, tauMax);
        OptimizerState state = warm.newState(2);
        double[] u = {-1.2, 1.0};
        int grown = 0;
        for (int step = 0; step < 2000; step++) {
            double previous = state.lastStepSize();
            double expectedFirst = step == 0 || !(previous > 0) ? tau0 : Math.min(previous / rho, tauMax);
            assertEquals(expectedFirst, warm.firstTrial(state), 0.0, "first trial of step " + step);
            warm.step(TestObjectives.ROSENBROCK, u, state);
            double accepted = state.lastStepSize();
            if (accepted > 0) {
                assertEquals(expectedFirst * Math.pow(rho, state.lastBacktracks()), accepted, 0.0,
                        "accepted tau is the first trial times rho^backtracks");
                grown += accepted > previous && step > 0 ? 1 : 0;
            }
        }
        assertTrue(grown > 0, "the warm start never let the step grow back");
    }

    @Test
    void warmStartReachesRosenbrocksMinimumWithFewerEvaluationsThanTheRestartRule() {
        Counting restart = new Counting(TestObjectives.ROSENBROCK);
        Counting warm = new Counting(TestObjectives.ROSENBROCK);
        double[] a = {-1.2, 1.0};
        double[] b = {-1.2, 1.0};
        Optimizer restartRule = Optimizers.armijo(1.0, 0.5, 0.4);
        Optimizer warmRule = Optimizers.armijoWarmStart(1.0, 0.5, 0.4, 1.0);
        OptimizerState sa = restartRule.newState(2);
        OptimizerState sb = warmRule.newState(2);
        for (int step = 0; step < 20000; step++) {
            restartRule.step(restart, a, sa);
            warmRule.step(warm, b, sb);
        }
        assertEquals(1.0, b[0], 1e-6, "warm start did not converge: " + b[0]);
        assertEquals(1.0, b[1], 1e-6, "warm start did not converge: " + b[1]);
        assertTrue(warm.values < restart.values, "warm start used " + warm.values + " trial evaluations, restart "
                + restart.values);
    }

    @Test
    void everyStepCostsOneGradientAndOneValuePerTrialForBothRules() {
        for (boolean warmStart : new boolean[] {false, true}) {
            ArmijoBacktracking armijo = new ArmijoBacktracking(1.0, 0.5, 0.4, 60, warmStart, 1.0);
            OptimizerState state = armijo.newState(2);
            Counting counting = new Counting(TestObjectives.ROSENBROCK);
            double[] u = {-1.2, 1.0};
            long backtracks = 0;
            for (int step = 0; step < 3000; step++) {
                long values = counting.values;
                long gradients = counting.gradients;
                armijo.step(counting, u, state);
                assertTrue(state.lastStepSize() > 0, "step " + step + " accepted nothing");
                assertEquals(1, counting.gradients - gradients, "gradients in step " + step);
                assertEquals(1 + state.lastBacktracks(), counting.values - values, "value-only trials in step "
                        + step + " (warm start " + warmStart + ")");
                backtracks += state.lastBacktracks();
            }
            assertTrue(backtracks > 0, "no step backtracked: the count of trials was never tested");
        }
    }

    @Test
    void lipschitzRuleEvaluatesTrialPointsWithoutTheirGradient() {
        Counting counting = new Counting(TestObjectives.ROSENBROCK);
        Optimizer lipschitz = Optimizers.lipschitzBacktracking(0.1);
        OptimizerState state = lipschitz.newState(2);
        double[] u = {-1.2, 1.0};
        for (int step = 0; step < 300; step++) {
            lipschitz.step(counting, u, state);
        }
        assertEquals(300, counting.gradients);
        assertTrue(counting.values > 300, "rejections must show as extra value-only trials: " + counting.values);
    }

    @Test
    void clippingForwardsTheValueOnlyPath() {
        Counting counting = new Counting(TestObjectives.ROSENBROCK);
        Optimizer clipped = Optimizers.armijo(1.0, 0.5, 0.4).withGradientClipping(GradientClipping.byGlobalNorm(1.0));
        OptimizerState state = clipped.newState(2);
        clipped.step(counting, new double[] {-1.2, 1.0}, state);
        assertEquals(1, counting.gradients);
        assertTrue(counting.values >= 1);
    }

    @Test
    void maxStepBelowTheInitialStepIsRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ArmijoBacktracking(1.0, 0.5, 0.4, 60, true, 0.5));
        assertTrue(e.getMessage().contains("maxStep") && e.getMessage().contains("0.5"), e.getMessage());
    }
}
