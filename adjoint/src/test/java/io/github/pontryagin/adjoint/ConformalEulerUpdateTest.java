package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import org.junit.jupiter.api.Test;

/**
 * The conformal symplectic Euler layer of {@code ÿ + γẏ = f(y)}: the textbook equality with HB-Net
 * ({@code β₁ = 1 + e^{−γh}}, {@code β₂ = −e^{−γh}}, step {@code h²}). Its adjoint is checked, with the
 * Störmer–Verlet layer's, in {@link DampedSecondOrderUpdateTest}.
 */
class ConformalEulerUpdateTest {

    private static final int M = 3;

    @Test
    void eliminatingTheVelocityGivesHeavyBallNet() {
        VectorField field = VectorFields.create("sigma-affine", 2, Activation.TANH);
        int layers = 8;
        int p = field.parameterCount();
        Random random = new Random(73);
        double h = 0.2;
        double[] theta = new double[layers * (p + 1)];
        double[] thetaHb = new double[layers * (p + 2)];
        for (int n = 0; n < layers; n++) {
            double[] weights = OracleSupport.gaussian(random, p, 0.7);
            double gamma = 0.5 + random.nextDouble();
            double mu = Math.exp(-gamma * h);
            System.arraycopy(weights, 0, theta, n * (p + 1), p);
            theta[n * (p + 1) + p] = gamma;
            System.arraycopy(weights, 0, thetaHb, n * (p + 2), p);
            thetaHb[n * (p + 2) + p] = 1 + mu;
            thetaHb[n * (p + 2) + p + 1] = -mu;
        }
        int dm = 2 * M;
        double[] state = OracleSupport.gaussian(random, 2 * dm, 1.0); // (y_0, v_0)
        double[] hbState = new double[2 * dm]; // (y_0, y_{-1} = y_0 − h v_0)
        for (int q = 0; q < dm; q++) {
            hbState[q] = state[q];
            hbState[dm + q] = state[q] - h * state[dm + q];
        }
        double[] steps = new double[layers];
        Arrays.fill(steps, h);
        double[] stepsHb = new double[layers];
        Arrays.fill(stepsHb, h * h);
        double[] y = new DiscreteFlow(LayerUpdate.conformalEuler(), field, layers).solve(theta, steps, state, M);
        double[] x = new DiscreteFlow(LayerUpdate.heavyBall(), field, layers).solve(thetaHb, stepsHb, hbState, M);
        for (int q = 0; q < dm; q++) {
            assertTrue(Math.abs(y[q] - x[q]) <= 1e-13 * Math.max(1, Math.abs(y[q])), "y_N[" + q + "]: " + y[q]
                    + " vs HB-Net " + x[q]);
            // the velocity is the backward difference: v_N = (y_N − y_{N−1}) / h
            double velocity = (x[q] - x[dm + q]) / h;
            assertTrue(Math.abs(y[dm + q] - velocity) <= 1e-12 * Math.max(1, Math.abs(velocity)), "v_N[" + q + "]");
        }
    }
}
