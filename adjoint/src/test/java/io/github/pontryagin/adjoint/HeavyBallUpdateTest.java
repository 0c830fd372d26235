package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.api.Test;

/**
 * The HB-Net layer {@code x_{n+1} = β₁ x_n + h f(x_n) + β₂ x_{n−1}}: the Euler (ResNet) layer as the special case
 * β₁ = 1, β₂ = 0, bit for bit. Its adjoint is checked, with the other momentum layers', in {@link MomentumUpdateTest}.
 */
class HeavyBallUpdateTest {

    private static final int FIELD_DIMENSION = 2;
    private static final int M = 3;

    private static DiscreteFlow flow(String family, Activation activation, int layers) {
        VectorField field = VectorFields.create(family, FIELD_DIMENSION, activation);
        return new DiscreteFlow(LayerUpdate.heavyBall(), field, layers);
    }

    @Test
    void withBetaOneAndZeroItIsTheEulerResNetBitForBit() {
        VectorField field = VectorFields.create("sigma-affine", FIELD_DIMENSION, Activation.TANH);
        int layers = 6;
        DiscreteFlow euler = new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.euler()), field, layers);
        DiscreteFlow heavyBall = new DiscreteFlow(LayerUpdate.heavyBall(), field, layers);
        Random random = new Random(61);
        double[] theta = OracleSupport.gaussian(random, euler.parameterCount(), 0.7);
        double[] thetaHb = new double[heavyBall.parameterCount()];
        int p = field.parameterCount();
        for (int n = 0; n < layers; n++) {
            System.arraycopy(theta, n * p, thetaHb, n * (p + 2), p);
            thetaHb[n * (p + 2) + p] = 1.0;
            thetaHb[n * (p + 2) + p + 1] = 0.0;
        }
        double[] h = OracleSupport.uniform(random, layers, 0.05, 0.3);
        int dm = FIELD_DIMENSION * M;
        double[] y0 = OracleSupport.gaussian(random, dm, 1.0);
        double[] state0 = new double[2 * dm];
        System.arraycopy(y0, 0, state0, 0, dm);
        System.arraycopy(y0, 0, state0, dm, dm); // x_{-1} = x_0
        GradientPass a = DiscreteAdjoint.reverse().newPass(euler, M);
        GradientPass b = DiscreteAdjoint.reverse().newPass(heavyBall, M);
        double[] yEuler = a.forward(theta, h, y0).clone();
        double[] yHb = b.forward(thetaHb, h, state0);
        assertArrayEquals(yEuler, Arrays.copyOf(yHb, dm), 0.0, "x_N");
        double[] pN = OracleSupport.gaussian(random, dm, 1.0);
        FlowGradient ga = euler.newGradient(M);
        FlowGradient gb = heavyBall.newGradient(M);
        a.backward(theta, h, pN, ga);
        b.backward(thetaHb, h, Arrays.copyOf(pN, 2 * dm), gb);
        for (int n = 0; n < layers; n++) {
            assertArrayEquals(Arrays.copyOfRange(ga.theta, n * p, n * p + p),
                    Arrays.copyOfRange(gb.theta, n * (p + 2), n * (p + 2) + p), 0.0, "θ gradient of layer " + n);
        }
        assertArrayEquals(ga.h, gb.h, 0.0, "step-size gradients");
        for (int q = 0; q < dm; q++) {
            assertEquals(ga.y0[q], gb.y0[q] + gb.y0[dm + q], 0.0, "∂J/∂x_0 (x_{-1} = x_0 adds the second half)");
        }
    }

    @Test
    void continuousAdjointRejectsTheMultistepUpdate() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ContinuousAdjoint.tolerance(1e-8, 1e-8).newPass(flow("sigma-affine", Activation.TANH, 2), M));
        assertTrue(e.getMessage().contains("hb-net"), e.getMessage());
    }
}
