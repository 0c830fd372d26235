package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HB-Net layer {@code x_{n+1} = β₁ x_n + h f(x_n) + β₂ x_{n−1}}: its adjoint against finite differences (every
 * parameter kind, including β₁ and β₂) and automatic differentiation, the bilinear invariant, and the Euler (ResNet)
 * layer as the special case β₁ = 1, β₂ = 0, bit for bit.
 */
class HeavyBallUpdateTest {

    private static final int FIELD_DIMENSION = 2;
    private static final int M = 3;

    private static DiscreteFlow flow(String family, Activation activation, int layers) {
        VectorField field = VectorFields.create(family, FIELD_DIMENSION, activation);
        return new DiscreteFlow(LayerUpdate.heavyBall(), field, layers);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyFamilyAndSmoothActivation")
    void adjointMatchesFiniteDifferencesIncludingTheMomentumCoefficients(String family, Activation activation) {
        DiscreteFlow flow = flow(family, activation, 4);
        assertEquals(2 * FIELD_DIMENSION, flow.dimension());
        TestProblems.Problem problem = new TestProblems.Problem(flow, M, 53);
        double[] x = problem.pack();
        double[] analytic = problem.adjointGradient(DiscreteAdjoint.reverse());
        List<GradientCheck.Block> blocks = new ArrayList<>(problem.blocks());
        int perLayer = flow.parametersPerLayer();
        int fieldCount = flow.field().parameterCount();
        for (int j = 0; j < 2; j++) {
            int[] indices = new int[flow.layers()];
            for (int n = 0; n < indices.length; n++) {
                indices[n] = n * perLayer + fieldCount + j;
            }
            blocks.add(new GradientCheck.Block(j == 0 ? "beta1" : "beta2", indices));
        }
        GradientCheck.Report report = GradientCheck.check(problem.packedLoss(), x, analytic, blocks,
                GradientCheck.DEFAULT_STEP);
        assertTrue(report.maxRelativeError() <= 1e-6, family + "\n" + report.toTable());
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyFamilyAndSmoothActivation")
    void pairingOfAdjointAndTangentIsConservedLayerByLayer(String family, Activation activation) {
        TestProblems.Problem problem = new TestProblems.Problem(flow(family, activation, 5), M, 59);
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(problem.flow, problem.m);
        double[] yN = pass.forward(problem.theta, problem.h, problem.y0);
        double[] pN = new double[yN.length];
        problem.headLoss(yN, pN, null);
        double[][] costates = new double[problem.flow.layers() + 1][];
        pass.backward(problem.theta, problem.h, pN, problem.flow.newGradient(problem.m), costates);
        double[][] tangents = TangentFlow.propagate(pass, problem.theta, problem.h,
                BilinearInvariantTest.randomVector(yN.length, 11), null);
        int layers = problem.flow.layers();
        double reference = BilinearInvariantTest.dot(costates[layers], tangents[layers]);
        for (int n = 0; n < layers; n++) {
            double scale = BilinearInvariantTest.absoluteDot(costates[n], tangents[n]);
            assertTrue(Math.abs(BilinearInvariantTest.dot(costates[n], tangents[n]) - reference) <= 1e-12 * scale,
                    "layer " + n);
        }
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

    @Test
    void adjointMatchesAutomaticDifferentiation() {
        for (String family : VectorFields.families()) {
            VectorField field = VectorFields.create(family, FIELD_DIMENSION, Activation.TANH);
            int layers = 4;
            DiscreteFlow flow = new DiscreteFlow(LayerUpdate.heavyBall(), field, layers);
            Random random = new Random(family.hashCode());
            double[] theta = OracleSupport.gaussian(random, flow.parameterCount(), 0.5);
            double[] h = OracleSupport.uniform(random, layers, 0.05, 0.3);
            int d = flow.dimension();
            double[] y0 = OracleSupport.gaussian(random, d * M, 1.0);
            OracleSupport.PaperLoss loss = OracleSupport.PaperLoss.random(random, d, M);
            int count = theta.length;
            int variables = count + layers + d * M;
            GradientField gradientField = GradientField.getField(variables);
            Gradient[] t = MathArrays.buildArray(gradientField, count);
            for (int q = 0; q < count; q++) {
                t[q] = Gradient.variable(variables, q, theta[q]);
            }
            int half = d / 2;
            int perLayer = flow.parametersPerLayer();
            Gradient[][] finals = MathArrays.buildArray(gradientField, M, d);
            for (int k = 0; k < M; k++) {
                Gradient[] x = MathArrays.buildArray(gradientField, d);
                for (int i = 0; i < d; i++) {
                    x[i] = Gradient.variable(variables, count + layers + i * M + k, y0[i * M + k]);
                }
                for (int n = 0; n < layers; n++) {
                    Gradient step = Gradient.variable(variables, count + n, h[n]);
                    Gradient[] current = Arrays.copyOf(x, half);
                    Gradient[] slope = MathArrays.buildArray(gradientField, half);
                    field.apply(t, n * perLayer, current, slope);
                    Gradient beta1 = t[n * perLayer + field.parameterCount()];
                    Gradient beta2 = t[n * perLayer + field.parameterCount() + 1];
                    Gradient[] next = MathArrays.buildArray(gradientField, d);
                    for (int i = 0; i < half; i++) {
                        next[i] = beta1.multiply(x[i]).add(step.multiply(slope[i])).add(beta2.multiply(x[half + i]));
                        next[half + i] = x[i];
                    }
                    x = next;
                }
                finals[k] = x;
            }
            double[] oracle = loss.value(finals).getGradient();
            GradientPass pass = DiscreteAdjoint.reverse().newPass(flow, M);
            double[] pN = loss.gradient(pass.forward(theta, h, y0));
            FlowGradient g = flow.newGradient(M);
            pass.backward(theta, h, pN, g);
            assertTrue(OracleSupport.blockError(Arrays.copyOfRange(oracle, 0, count), g.theta) <= 1e-10, family);
            assertTrue(OracleSupport.blockError(Arrays.copyOfRange(oracle, count, count + layers), g.h) <= 1e-10,
                    family);
            assertTrue(OracleSupport.blockError(Arrays.copyOfRange(oracle, count + layers, variables), g.y0) <= 1e-10,
                    family);
        }
    }
}
