package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformal symplectic Euler layer of {@code ÿ + γẏ = f(y)}: its adjoint against finite differences (every
 * parameter kind, including γ) and automatic differentiation, the bilinear invariant, and the textbook equality with HB-Net
 * ({@code β₁ = 1 + e^{−γh}}, {@code β₂ = −e^{−γh}}, step {@code h²}).
 */
class ConformalEulerUpdateTest {

    private static final int M = 3;

    private static DiscreteFlow flow(String family, Activation activation, int layers) {
        return new DiscreteFlow(LayerUpdate.conformalEuler(), VectorFields.create(family, 2, activation), layers);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyFamilyAndSmoothActivation")
    void adjointMatchesFiniteDifferencesIncludingTheDamping(String family, Activation activation) {
        DiscreteFlow flow = flow(family, activation, 4);
        TestProblems.Problem problem = new TestProblems.Problem(flow, M, 67);
        double[] analytic = problem.adjointGradient(DiscreteAdjoint.reverse());
        List<GradientCheck.Block> blocks = new ArrayList<>(problem.blocks());
        int[] dampings = new int[flow.layers()];
        for (int n = 0; n < dampings.length; n++) {
            dampings[n] = n * flow.parametersPerLayer() + flow.field().parameterCount();
        }
        blocks.add(new GradientCheck.Block("gamma", dampings));
        GradientCheck.Report report = GradientCheck.check(problem.packedLoss(), problem.pack(), analytic, blocks,
                GradientCheck.DEFAULT_STEP);
        assertTrue(report.maxRelativeError() <= 1e-6, family + "\n" + report.toTable());
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyFamilyAndSmoothActivation")
    void pairingOfAdjointAndTangentIsConservedLayerByLayer(String family, Activation activation) {
        TestProblems.Problem problem = new TestProblems.Problem(flow(family, activation, 5), M, 71);
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(problem.flow, problem.m);
        double[] yN = pass.forward(problem.theta, problem.h, problem.y0);
        double[] pN = new double[yN.length];
        problem.headLoss(yN, pN, null);
        double[][] costates = new double[problem.flow.layers() + 1][];
        FlowGradient gradient = problem.flow.newGradient(problem.m);
        pass.backward(problem.theta, problem.h, pN, gradient, costates);
        double[] v0 = BilinearInvariantTest.randomVector(yN.length, 13);
        double[][] tangents = TangentFlow.propagate(pass, problem.theta, problem.h, v0, null);
        int layers = problem.flow.layers();
        double reference = BilinearInvariantTest.dot(costates[layers], tangents[layers]);
        for (int n = 0; n < layers; n++) {
            double scale = BilinearInvariantTest.absoluteDot(costates[n], tangents[n]);
            assertTrue(Math.abs(BilinearInvariantTest.dot(costates[n], tangents[n]) - reference) <= 1e-12 * scale,
                    "layer " + n);
        }
        double[] dh = BilinearInvariantTest.randomVector(layers, 14);
        double[][] withSteps = TangentFlow.propagate(pass, problem.theta, problem.h, v0, dh);
        double forwardMode = BilinearInvariantTest.dot(pN, withSteps[layers]);
        double reverseMode = BilinearInvariantTest.dot(gradient.y0, v0) + BilinearInvariantTest.dot(gradient.h, dh);
        double scale = BilinearInvariantTest.absoluteDot(gradient.y0, v0)
                + BilinearInvariantTest.absoluteDot(gradient.h, dh);
        assertTrue(Math.abs(forwardMode - reverseMode) <= 1e-12 * scale, forwardMode + " vs " + reverseMode);
    }

    @Test
    void adjointMatchesAutomaticDifferentiation() {
        for (String family : VectorFields.families()) {
            VectorField field = VectorFields.create(family, 2, Activation.SOFTPLUS);
            int layers = 4;
            DiscreteFlow flow = new DiscreteFlow(LayerUpdate.conformalEuler(), field, layers);
            Random random = new Random(family.hashCode() + 5L);
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
                    Gradient mu = t[n * perLayer + field.parameterCount()].multiply(step).negate().exp();
                    Gradient[] slope = MathArrays.buildArray(gradientField, half);
                    field.apply(t, n * perLayer, Arrays.copyOf(x, half), slope);
                    Gradient[] next = MathArrays.buildArray(gradientField, d);
                    for (int i = 0; i < half; i++) {
                        next[half + i] = mu.multiply(x[half + i]).add(step.multiply(slope[i]));
                        next[i] = x[i].add(step.multiply(next[half + i]));
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
