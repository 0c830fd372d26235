package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.optim.LevenbergMarquardt;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import org.junit.jupiter.api.Test;

/**
 * The suite-B donut1d ODENet start (RK4, N = 15, h = 0.1, d = 2, logistic least squares, 1000 points, seed 1), where
 * Levenberg–Marquardt with τ = 1e-3 used to stop at its first step: the residual Jacobian there is right (tangent
 * pass, adjoint pass and dense rows against central differences of the residuals); the failure was the nearly
 * undamped first step, which moves the learned step sizes to ±4 and saturates the logistic head exactly
 * ({@code J = 0.167}, the fraction of the minority class over 2). The default τ = 1 reaches the loss that GD with
 * Armijo reaches after 10 000 iterations (0.021175, docs/second-order-table.md) in a few dozen steps, and τ = 1e-3
 * now stops on the plateau with the round-off reason instead of raising λ to the overflow.
 */
class SaturatedStartTest {

    /** GD + Armijo's training loss after 10 000 iterations from this start (docs/second-order-table.md). */
    private static final double GD_ARMIJO_LOSS = 0.021175;

    private static OdeNet net() {
        return OdeNet.builder().inputDimension(1).width(2).layers(15).tableau(Tableau.rk4()).horizon(1.5)
                .field(VectorFieldSpec.of("sigma-affine")).head("logistic-ls").stepSizes(StepSizePolicy.FREE)
                .threads(1).seed(1).build();
    }

    private static Dataset data() {
        return DatasetGenerator.DONUT1D.generate(1000, 1);
    }

    @Test
    void residualJacobianAtTheStartMatchesCentralDifferences() {
        Dataset data = data();
        int m = data.size();
        try (OdeNet net = net()) {
            NetLeastSquares f = net.leastSquares(data.features(), data.labels(), m);
            NetLeastSquares probe = net.leastSquares(data.features(), data.labels(), m);
            double[] u = net.parameters().clone();
            int n = u.length;
            double[] r = new double[m];
            f.residuals(u, r);
            double[] rows = new double[m * n];
            f.jacobian(rows);
            SplittableRandom random = new SplittableRandom(5);
            double[] v = new double[n];
            double[] w = new double[m];
            for (int j = 0; j < n; j++) {
                v[j] = random.nextGaussian();
            }
            for (int k = 0; k < m; k++) {
                w[k] = random.nextGaussian();
            }
            // the step-size block alone, then all parameters
            double[] stepsOnly = new double[n];
            Parameters.Block steps = net.layout().stepSizes();
            System.arraycopy(v, steps.offset(), stepsOnly, steps.offset(), steps.size());
            for (double[] direction : new double[][] {stepsOnly, v}) {
                double[] jv = new double[m];
                f.jacobianTimes(direction, jv);
                double epsilon = 1e-6;
                double[] plus = u.clone();
                double[] minus = u.clone();
                for (int j = 0; j < n; j++) {
                    plus[j] += epsilon * direction[j];
                    minus[j] -= epsilon * direction[j];
                }
                double[] rPlus = new double[m];
                double[] rMinus = new double[m];
                probe.residuals(plus, rPlus);
                probe.residuals(minus, rMinus);
                double error = 0;
                double norm = 0;
                for (int k = 0; k < m; k++) {
                    double fd = (rPlus[k] - rMinus[k]) / (2 * epsilon);
                    error = Math.max(error, Math.abs(fd - jv[k]));
                    norm = Math.max(norm, Math.abs(jv[k]));
                    double row = 0;
                    for (int j = 0; j < n; j++) {
                        row += rows[k * n + j] * direction[j];
                    }
                    assertEquals(jv[k], row, 1e-12 * Math.max(norm, 1e-300), "dense row " + k + " times v");
                }
                assertTrue(Double.isFinite(norm) && norm > 0, "J_r v = 0 at the start");
                assertTrue(error <= 1e-6 * norm, "J_r v against central differences: " + error + " of " + norm);
            }
            double[] jv = new double[m];
            double[] jtw = new double[n];
            f.jacobianTimes(v, jv);
            f.jacobianTransposeTimes(w, jtw);
            double left = 0;
            double right = 0;
            for (int k = 0; k < m; k++) {
                left += w[k] * jv[k];
            }
            for (int j = 0; j < n; j++) {
                right += jtw[j] * v[j];
            }
            assertEquals(left, right, 1e-12 * Math.abs(left), "<w, J_r v> = <J_r^T w, v>");
        }
    }

    @Test
    void levenbergMarquardtWithTheDefaultDampingReachesTheGdArmijoLoss() {
        Dataset data = data();
        try (OdeNet net = net()) {
            NetLeastSquares f = net.leastSquares(data.features(), data.labels(), data.size());
            Optimizer lm = Optimizers.registry().get("levenberg-marquardt").create(null, 0.9, 0.0);
            double[] u = net.parameters().clone();
            OptimizerState state = lm.newState(u.length);
            int iterations = 0;
            while (f.value(u) > GD_ARMIJO_LOSS && iterations < 40) {
                lm.step(f, u, state);
                assertNull(state.stopReason(), "iteration " + iterations);
                iterations++;
            }
            assertTrue(f.value(u) <= GD_ARMIJO_LOSS, "loss " + f.value(u) + " after " + iterations + " iterations");
        }
    }

    @Test
    void anUndampedFirstStepEndsOnThePlateauAndStopsForRoundOff() {
        Dataset data = data();
        try (OdeNet net = net()) {
            NetLeastSquares f = net.leastSquares(data.features(), data.labels(), data.size());
            LevenbergMarquardt lm = new LevenbergMarquardt(1e-3, Optimizers.DEFAULT_DENSE_LIMIT, 60);
            double[] u = net.parameters().clone();
            OptimizerState state = lm.newState(u.length);
            lm.step(f, u, state);
            assertNull(state.stopReason());
            double[] plateau = u.clone();
            assertEquals(0.167, f.value(u), 1e-12, "the saturated plateau");
            double value = lm.step(f, u, state);
            assertNotNull(state.stopReason());
            assertTrue(state.stopReason().contains("below the round-off of u"), state.stopReason());
            assertTrue(lm.damping(state) < 1e300, "lambda raised to " + lm.damping(state));
            assertEquals(0.167, value, 1e-12);
            assertArrayEquals(plateau, u, "the parameters stay at the last accepted point");
        }
    }

    /**
     * Gauss–Newton from the same start: its first step (α = 2⁻⁴¹ of the QR solution of the rank-deficient system)
     * also lands on the plateau, where the system has no finite solution; the reason says so and names the largest
     * gradient entry, not a non-finite Jacobian (the Jacobian there is finite).
     */
    @Test
    void gaussNewtonOnThePlateauSaysTheSystemHasNoFiniteSolution() {
        Dataset data = data();
        try (OdeNet net = net()) {
            NetLeastSquares f = net.leastSquares(data.features(), data.labels(), data.size());
            Optimizer gn = Optimizers.gaussNewton();
            double[] u = net.parameters().clone();
            OptimizerState state = gn.newState(u.length);
            gn.step(f, u, state);
            assertNull(state.stopReason());
            double[] plateau = u.clone();
            double[] r = new double[data.size()];
            f.residuals(u, r);
            double[] jacobian = new double[data.size() * u.length];
            f.jacobian(jacobian);
            for (double entry : jacobian) {
                assertTrue(Double.isFinite(entry), "the Jacobian on the plateau is finite");
            }
            gn.step(f, u, state);
            String reason = state.stopReason();
            assertNotNull(reason);
            assertTrue(reason.contains("no finite solution") && reason.contains("max_i abs(dJ/du_i) = ")
                    && !reason.contains("\n"), reason);
            assertArrayEquals(plateau, u, "the parameters stay at the last accepted point");
        }
    }
}
