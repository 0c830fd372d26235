package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The momentum layers of docs/theory.md §2.11 — HB-Net {@code x_{n+1} = β₁ x_n + h f(x_n) + β₂ x_{n−1}} and the
 * damped second-order ODE {@code ÿ + γẏ = f(y)} by conformal symplectic Euler and by conformal Störmer–Verlet: their
 * adjoints against finite differences (every parameter kind, including β₁, β₂, γ and h), against Hipparchus automatic
 * differentiation of an independent transcription of the update (≤ 1e-10, every field family), and the pairing of
 * adjoint and tangent layer by layer (the bilinear invariant).
 */
class MomentumUpdateTest {

    private static final int M = 3;
    private static final List<String> UPDATES = List.of("hb-net", "conformal-euler", "conformal-verlet");

    static Stream<Arguments> everyUpdateFamilyAndSmoothActivation() {
        List<Arguments> cases = new ArrayList<>();
        for (String update : UPDATES) {
            TestProblems.everyFamilyAndSmoothActivation()
                    .forEach(a -> cases.add(Arguments.of(update, a.get()[0], a.get()[1])));
        }
        return cases.stream();
    }

    private static DiscreteFlow flow(String update, String family, Activation activation, int layers) {
        return new DiscreteFlow(LayerUpdate.structured().get(update), VectorFields.create(family, 2, activation),
                layers);
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("everyUpdateFamilyAndSmoothActivation")
    void adjointMatchesFiniteDifferencesIncludingTheOwnCoefficients(String update, String family, Activation activation) {
        DiscreteFlow flow = flow(update, family, activation, 4);
        TestProblems.Problem problem = new TestProblems.Problem(flow, M, 67);
        double[] analytic = problem.adjointGradient(DiscreteAdjoint.reverse());
        assertEquals(2 * flow.field().dimension(), flow.dimension());
        List<GradientCheck.Block> blocks = new ArrayList<>(problem.blocks());
        List<String> own = flow.update().layerParameterNames();
        for (int j = 0; j < own.size(); j++) {
            int[] indices = new int[flow.layers()];
            for (int n = 0; n < indices.length; n++) {
                indices[n] = n * flow.parametersPerLayer() + flow.field().parameterCount() + j;
            }
            blocks.add(new GradientCheck.Block(own.get(j), indices));
        }
        assertTrue(blocks.stream().anyMatch(b -> b.name().equals("h")), "the step sizes are checked");
        GradientCheck.Report report = GradientCheck.check(problem.packedLoss(), problem.pack(), analytic, blocks,
                GradientCheck.DEFAULT_STEP);
        assertTrue(report.maxRelativeError() <= 1e-6, update + " / " + family + "\n" + report.toTable());
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("everyUpdateFamilyAndSmoothActivation")
    void pairingOfAdjointAndTangentIsConservedLayerByLayer(String update, String family, Activation activation) {
        TestProblems.Problem problem = new TestProblems.Problem(flow(update, family, activation, 5), M, 71);
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

    /**
     * One layer in Hipparchus' forward-mode arithmetic, transcribed from docs/theory.md §2.11: HB-Net
     * {@code x⁺ = β₁ x + h f(x) + β₂ x_prev}, {@code x_prev⁺ = x}; conformal Euler
     * {@code v⁺ = e^{−γh} v + h f(y)}, {@code y⁺ = y + h v⁺}; conformal Störmer–Verlet with {@code μ = e^{−γh/2}}:
     * {@code w = μv}, {@code m = y + (h/2)w}, {@code u = w + h f(m)}, {@code y⁺ = m + (h/2)u}, {@code v⁺ = μu}.
     */
    private static Gradient[] layer(String update, VectorField field, Gradient[] t, int offset, Gradient h,
                                    Gradient[] x) {
        int half = x.length / 2;
        GradientField gradientField = h.getField();
        Gradient[] next = MathArrays.buildArray(gradientField, x.length);
        Gradient[] slope = MathArrays.buildArray(gradientField, half);
        if (update.equals("hb-net")) {
            Gradient beta1 = t[offset + field.parameterCount()];
            Gradient beta2 = t[offset + field.parameterCount() + 1];
            field.apply(t, offset, Arrays.copyOf(x, half), slope);
            for (int i = 0; i < half; i++) {
                next[i] = beta1.multiply(x[i]).add(h.multiply(slope[i])).add(beta2.multiply(x[half + i]));
                next[half + i] = x[i];
            }
            return next;
        }
        Gradient gamma = t[offset + field.parameterCount()];
        if (update.equals("conformal-euler")) {
            Gradient mu = gamma.multiply(h).negate().exp();
            field.apply(t, offset, Arrays.copyOf(x, half), slope);
            for (int i = 0; i < half; i++) {
                next[half + i] = mu.multiply(x[half + i]).add(h.multiply(slope[i]));
                next[i] = x[i].add(h.multiply(next[half + i]));
            }
            return next;
        }
        Gradient mu = gamma.multiply(h).multiply(-0.5).exp();
        Gradient[] midpoint = MathArrays.buildArray(gradientField, half);
        Gradient[] damped = MathArrays.buildArray(gradientField, half);
        for (int i = 0; i < half; i++) {
            damped[i] = mu.multiply(x[half + i]);
            midpoint[i] = x[i].add(h.multiply(0.5).multiply(damped[i]));
        }
        field.apply(t, offset, midpoint, slope);
        for (int i = 0; i < half; i++) {
            Gradient kicked = damped[i].add(h.multiply(slope[i]));
            next[i] = midpoint[i].add(h.multiply(0.5).multiply(kicked));
            next[half + i] = mu.multiply(kicked);
        }
        return next;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void adjointMatchesAutomaticDifferentiationForEveryFamily(String update) {
        for (String family : VectorFields.families()) {
            VectorField field = VectorFields.create(family, 2, Activation.SOFTPLUS);
            int layers = 4;
            DiscreteFlow flow = new DiscreteFlow(LayerUpdate.structured().get(update), field, layers);
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
            int perLayer = flow.parametersPerLayer();
            Gradient[][] finals = MathArrays.buildArray(gradientField, M, d);
            for (int k = 0; k < M; k++) {
                Gradient[] x = MathArrays.buildArray(gradientField, d);
                for (int i = 0; i < d; i++) {
                    x[i] = Gradient.variable(variables, count + layers + i * M + k, y0[i * M + k]);
                }
                for (int n = 0; n < layers; n++) {
                    x = layer(update, field, t, n * perLayer, Gradient.variable(variables, count + n, h[n]), x);
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

    static Stream<String> updates() {
        return UPDATES.stream();
    }
}
