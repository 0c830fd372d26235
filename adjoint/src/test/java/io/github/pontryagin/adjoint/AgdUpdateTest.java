package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * The AGD-Net layer {@code x_{n+1} = Σ_j β_{n,j} x_j + h_n Σ_j α_{n,j} f(x_j; θ_j)}: its adjoint against finite
 * differences (every α and β that enters) and automatic differentiation, the Euler ResNet as the special case
 * {@code α_{n,n} = β_{n,n} = 1} bit for bit, and the DenseNet setting {@code β = 0, α = 1} against a hand-written
 * DenseNet-style loop.
 */
class AgdUpdateTest {

    private static final int FIELD_DIMENSION = 2;
    private static final int M = 3;
    private static final int LAYERS = 4;

    private static DiscreteFlow flow(VectorField field, int layers) {
        return new DiscreteFlow(LayerUpdate.agdNet(layers), field, layers);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyFamilyAndSmoothActivation")
    void adjointMatchesFiniteDifferencesIncludingTheDenseCoefficients(String family, Activation activation) {
        DiscreteFlow flow = flow(VectorFields.create(family, FIELD_DIMENSION, activation), LAYERS);
        assertEquals((2 * LAYERS + 1) * FIELD_DIMENSION, flow.dimension());
        TestProblems.Problem problem = new TestProblems.Problem(flow, M, 71);
        double[] x = problem.pack();
        double[] analytic = problem.adjointGradient(DiscreteAdjoint.reverse().checkpointEvery(2));
        List<GradientCheck.Block> blocks = new ArrayList<>(problem.blocks());
        int perLayer = flow.parametersPerLayer();
        int fieldCount = flow.field().parameterCount();
        for (String kind : new String[] {"alpha", "beta"}) {
            List<Integer> entering = new ArrayList<>();
            for (int n = 0; n < LAYERS; n++) {
                for (int j = 0; j <= n; j++) {
                    entering.add(n * perLayer + fieldCount + (kind.equals("alpha") ? 0 : LAYERS) + j);
                }
            }
            blocks.add(new GradientCheck.Block(kind, entering.stream().mapToInt(Integer::intValue).toArray()));
        }
        GradientCheck.Report report = GradientCheck.check(problem.packedLoss(), x, analytic, blocks,
                GradientCheck.DEFAULT_STEP);
        assertTrue(report.maxRelativeError() <= 1e-6, family + "\n" + report.toTable());
        // the coefficients of later states (j > n) do not enter layer n: gradient exactly 0
        for (int n = 0; n < LAYERS; n++) {
            for (int j = n + 1; j < LAYERS; j++) {
                assertEquals(0.0, analytic[n * perLayer + fieldCount + j], "alpha_" + j + " of layer " + n);
                assertEquals(0.0, analytic[n * perLayer + fieldCount + LAYERS + j], "beta_" + j + " of layer " + n);
            }
        }
    }

    @Test
    void adjointMatchesAutomaticDifferentiation() {
        for (String family : VectorFields.families()) {
            VectorField field = VectorFields.create(family, FIELD_DIMENSION, Activation.TANH);
            DiscreteFlow flow = flow(field, LAYERS);
            Random random = new Random(family.hashCode() + 3);
            double[] theta = OracleSupport.gaussian(random, flow.parameterCount(), 0.5);
            double[] h = OracleSupport.uniform(random, LAYERS, 0.05, 0.3);
            int dim = flow.dimension();
            int d = FIELD_DIMENSION;
            double[] y0 = new double[dim * M];
            System.arraycopy(OracleSupport.gaussian(random, d * M, 1.0), 0, y0, 0, d * M);
            OracleSupport.PaperLoss loss = OracleSupport.PaperLoss.random(random, d, M);
            int count = theta.length;
            int variables = count + LAYERS + d * M;
            GradientField gradientField = GradientField.getField(variables);
            Gradient[] t = MathArrays.buildArray(gradientField, count);
            for (int q = 0; q < count; q++) {
                t[q] = Gradient.variable(variables, q, theta[q]);
            }
            int perLayer = flow.parametersPerLayer();
            Gradient[][] finals = MathArrays.buildArray(gradientField, M, d);
            for (int k = 0; k < M; k++) {
                List<Gradient[]> states = new ArrayList<>();
                List<Gradient[]> slopes = new ArrayList<>();
                Gradient[] x = MathArrays.buildArray(gradientField, d);
                for (int i = 0; i < d; i++) {
                    x[i] = Gradient.variable(variables, count + LAYERS + i * M + k, y0[i * M + k]);
                }
                for (int n = 0; n < LAYERS; n++) {
                    Gradient step = Gradient.variable(variables, count + n, h[n]);
                    Gradient[] slope = MathArrays.buildArray(gradientField, d);
                    field.apply(t, n * perLayer, x, slope);
                    states.add(x);
                    slopes.add(slope);
                    Gradient[] next = MathArrays.buildArray(gradientField, d);
                    int alpha = n * perLayer + field.parameterCount();
                    for (int i = 0; i < d; i++) {
                        Gradient s = gradientField.getZero();
                        Gradient a = gradientField.getZero();
                        for (int j = 0; j <= n; j++) {
                            s = s.add(t[alpha + LAYERS + j].multiply(states.get(j)[i]));
                            a = a.add(t[alpha + j].multiply(slopes.get(j)[i]));
                        }
                        next[i] = s.add(step.multiply(a));
                    }
                    x = next;
                }
                finals[k] = x;
            }
            double[] oracle = loss.value(finals).getGradient();
            GradientPass pass = DiscreteAdjoint.reverse().newPass(flow, M);
            double[] yN = pass.forward(theta, h, y0);
            double[] pN = new double[dim * M];
            System.arraycopy(loss.gradient(Arrays.copyOf(yN, d * M)), 0, pN, 0, d * M);
            FlowGradient g = flow.newGradient(M);
            pass.backward(theta, h, pN, g);
            assertTrue(OracleSupport.blockError(Arrays.copyOfRange(oracle, 0, count), g.theta) <= 1e-10, family);
            assertTrue(OracleSupport.blockError(Arrays.copyOfRange(oracle, count, count + LAYERS), g.h) <= 1e-10,
                    family);
            assertTrue(OracleSupport.blockError(Arrays.copyOfRange(oracle, count + LAYERS, variables),
                    Arrays.copyOf(g.y0, d * M)) <= 1e-10, family);
        }
    }

    /** θ of an AGD flow from the Euler flow's θ and the coefficients {@code alpha(n, j)}, {@code beta(n, j)}. */
    private static double[] agdTheta(double[] theta, int p, int layers, double[][] alpha, double[][] beta) {
        int perLayer = p + 2 * layers;
        double[] out = new double[layers * perLayer];
        for (int n = 0; n < layers; n++) {
            System.arraycopy(theta, n * p, out, n * perLayer, p);
            for (int j = 0; j < layers; j++) {
                out[n * perLayer + p + j] = alpha[n][j];
                out[n * perLayer + p + layers + j] = beta[n][j];
            }
        }
        return out;
    }

    @Test
    void withItsInitialCoefficientsItIsTheEulerResNetBitForBit() {
        VectorField field = VectorFields.create("sigma-affine", FIELD_DIMENSION, Activation.TANH);
        int layers = 6;
        DiscreteFlow euler = new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.euler()), field, layers);
        DiscreteFlow agd = flow(field, layers);
        Random random = new Random(62);
        double[] theta = OracleSupport.gaussian(random, euler.parameterCount(), 0.7);
        double[][] alpha = new double[layers][layers];
        double[][] beta = new double[layers][layers];
        for (int n = 0; n < layers; n++) {
            for (int j = 0; j < layers; j++) {
                alpha[n][j] = agd.update().initialLayerParameter(n, j);
                beta[n][j] = agd.update().initialLayerParameter(n, layers + j);
            }
            assertEquals(1.0, alpha[n][n]);
            assertEquals(1.0, beta[n][n]);
        }
        int p = field.parameterCount();
        double[] thetaAgd = agdTheta(theta, p, layers, alpha, beta);
        double[] h = OracleSupport.uniform(random, layers, 0.05, 0.3);
        int dm = FIELD_DIMENSION * M;
        double[] y0 = OracleSupport.gaussian(random, dm, 1.0);
        double[] state0 = new double[agd.dimension() * M];
        System.arraycopy(y0, 0, state0, 0, dm);
        GradientPass a = DiscreteAdjoint.reverse().newPass(euler, M);
        GradientPass b = DiscreteAdjoint.reverse().newPass(agd, M);
        double[] yEuler = a.forward(theta, h, y0).clone();
        double[] yAgd = b.forward(thetaAgd, h, state0);
        assertArrayEquals(yEuler, Arrays.copyOf(yAgd, dm), 0.0, "x_N");
        double[] pN = OracleSupport.gaussian(random, dm, 1.0);
        FlowGradient ga = euler.newGradient(M);
        FlowGradient gb = agd.newGradient(M);
        a.backward(theta, h, pN, ga);
        b.backward(thetaAgd, h, Arrays.copyOf(pN, state0.length), gb);
        int perLayer = agd.parametersPerLayer();
        for (int n = 0; n < layers; n++) {
            assertArrayEquals(Arrays.copyOfRange(ga.theta, n * p, n * p + p),
                    Arrays.copyOfRange(gb.theta, n * perLayer, n * perLayer + p), 0.0, "θ gradient of layer " + n);
        }
        assertArrayEquals(ga.h, gb.h, 0.0, "step-size gradients");
        assertArrayEquals(ga.y0, Arrays.copyOf(gb.y0, dm), 0.0, "∂J/∂x_0");
    }

    @Test
    void theDenseNetSettingIsTheHandWrittenDenseNetStyleUpdate() {
        VectorField field = VectorFields.create("sigma-affine", FIELD_DIMENSION, Activation.TANH);
        int layers = 5;
        DiscreteFlow agd = flow(field, layers);
        Random random = new Random(63);
        int p = field.parameterCount();
        double[] theta = OracleSupport.gaussian(random, layers * p, 0.7);
        double[][] alpha = new double[layers][layers];
        double[][] beta = new double[layers][layers];
        for (double[] row : alpha) {
            Arrays.fill(row, 1.0);
        }
        double[] thetaAgd = agdTheta(theta, p, layers, alpha, beta);
        double[] h = OracleSupport.uniform(random, layers, 0.05, 0.3);
        int d = FIELD_DIMENSION;
        double[] y0 = OracleSupport.gaussian(random, d * M, 1.0);
        double[] state0 = new double[agd.dimension() * M];
        System.arraycopy(y0, 0, state0, 0, d * M);
        double[] yAgd = agd.solve(thetaAgd, h, state0, M);
        // x_{n+1} = h_n Σ_{j≤n} f(x_j; θ_j), one point at a time, f(y) = tanh(K y + β)
        for (int k = 0; k < M; k++) {
            double[] x = {y0[k], y0[M + k]};
            List<double[]> features = new ArrayList<>();
            for (int n = 0; n < layers; n++) {
                double[] f = new double[d];
                for (int i = 0; i < d; i++) {
                    double z = theta[n * p + d * d + i];
                    for (int j = 0; j < d; j++) {
                        z += theta[n * p + i * d + j] * x[j];
                    }
                    f[i] = Math.tanh(z);
                }
                features.add(f);
                double[] next = new double[d];
                for (int i = 0; i < d; i++) {
                    double sum = 0;
                    for (double[] feature : features) {
                        sum += feature[i];
                    }
                    next[i] = h[n] * sum;
                }
                x = next;
            }
            for (int i = 0; i < d; i++) {
                assertEquals(x[i], yAgd[i * M + k], 1e-15 * Math.max(1, Math.abs(x[i])), "point " + k + " coordinate " + i);
            }
        }
    }

    @Test
    void aFlowDeeperThanTheUpdateIsRefusedInOneLine() {
        VectorField field = VectorFields.create("sigma-affine", FIELD_DIMENSION, Activation.TANH);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiscreteFlow(LayerUpdate.agdNet(3), field, 4));
        assertTrue(e.getMessage().contains("agd-net") && e.getMessage().contains("4") && !e.getMessage().contains("\n"),
                e.getMessage());
        assertEquals(LayerUpdate.agdNet(4), LayerUpdate.structured().get("agd-net").forLayers(4));
    }
}
