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
import io.github.pontryagin.core.field.ParameterBlock;
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
 * The DMRNet layer {@code S = Σ_j α_{n,j} x'_j + β_{n,j} x_j}, {@code x'_{n+1} = S + h f(x'_n; θ'_n)},
 * {@code x_{n+1} = S + h f(x_n; θ_n)}: its adjoint against finite differences (the field's blocks, the branch
 * field's, every α and β that enters, h, y_0) and automatic differentiation for every family, the Euler ResNet at
 * the initial coefficients bit for bit, a hand-written loop of the paper's update (20), and the checkpointed adjoint
 * against the stored one.
 */
class DmrUpdateTest {

    private static final int FIELD_DIMENSION = 2;
    private static final int M = 3;
    private static final int LAYERS = 4;

    private static DiscreteFlow flow(VectorField field, int layers) {
        return new DiscreteFlow(LayerUpdate.dmrNet(layers), field, layers);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyFamilyAndSmoothActivation")
    void adjointMatchesFiniteDifferencesIncludingTheBranchFieldAndTheCoefficients(String family,
                                                                                  Activation activation) {
        DiscreteFlow flow = flow(VectorFields.create(family, FIELD_DIMENSION, activation), LAYERS);
        assertEquals((2 * LAYERS + 2) * FIELD_DIMENSION, flow.dimension());
        int fieldCount = flow.field().parameterCount();
        assertEquals(2 * fieldCount + 2 * LAYERS, flow.parametersPerLayer());
        TestProblems.Problem problem = new TestProblems.Problem(flow, M, 73);
        double[] x = problem.pack();
        double[] analytic = problem.adjointGradient(DiscreteAdjoint.reverse().checkpointEvery(2));
        List<GradientCheck.Block> blocks = new ArrayList<>(problem.blocks());
        int perLayer = flow.parametersPerLayer();
        for (ParameterBlock block : flow.field().parameterBlocks()) {
            int[] indices = new int[LAYERS * block.size()];
            for (int n = 0; n < LAYERS; n++) {
                for (int r = 0; r < block.size(); r++) {
                    indices[n * block.size() + r] = n * perLayer + fieldCount + block.offset() + r;
                }
            }
            blocks.add(new GradientCheck.Block(LayerUpdate.branchBlockName(block.name(), 0), indices));
        }
        for (String kind : new String[] {"alpha", "beta"}) {
            List<Integer> entering = new ArrayList<>();
            for (int n = 0; n < LAYERS; n++) {
                for (int j = 0; j <= n; j++) {
                    entering.add(n * perLayer + 2 * fieldCount + (kind.equals("alpha") ? 0 : LAYERS) + j);
                }
            }
            blocks.add(new GradientCheck.Block(kind, entering.stream().mapToInt(Integer::intValue).toArray()));
        }
        GradientCheck.Report report = GradientCheck.check(problem.packedLoss(), x, analytic, blocks,
                GradientCheck.DEFAULT_STEP);
        assertTrue(report.maxRelativeError() <= 1e-6, family + "\n" + report.toTable());
        for (int n = 0; n < LAYERS; n++) {
            for (int j = n + 1; j < LAYERS; j++) {
                assertEquals(0.0, analytic[n * perLayer + 2 * fieldCount + j], "alpha_" + j + " of layer " + n);
                assertEquals(0.0, analytic[n * perLayer + 2 * fieldCount + LAYERS + j], "beta_" + j + " of layer " + n);
            }
        }
    }

    @Test
    void adjointMatchesAutomaticDifferentiationForEveryFamily() {
        for (String family : VectorFields.families()) {
            VectorField field = VectorFields.create(family, FIELD_DIMENSION, Activation.TANH);
            DiscreteFlow flow = flow(field, LAYERS);
            Random random = new Random(family.hashCode() + 5);
            double[] theta = OracleSupport.gaussian(random, flow.parameterCount(), 0.5);
            double[] h = OracleSupport.uniform(random, LAYERS, 0.05, 0.3);
            int dim = flow.dimension();
            int d = FIELD_DIMENSION;
            int dm = d * M;
            // the net's initial state: x_0 given, x'_0 = x_0, the stored slots 0
            double[] y0 = new double[dim * M];
            System.arraycopy(OracleSupport.gaussian(random, dm, 1.0), 0, y0, 0, dm);
            flow.update().completeInitialState(y0, dm);
            OracleSupport.PaperLoss loss = OracleSupport.PaperLoss.random(random, d, M);
            int count = theta.length;
            int variables = count + LAYERS + dm;
            int p = field.parameterCount();
            int perLayer = flow.parametersPerLayer();
            GradientField gradientField = GradientField.getField(variables);
            Gradient[] t = MathArrays.buildArray(gradientField, count);
            for (int q = 0; q < count; q++) {
                t[q] = Gradient.variable(variables, q, theta[q]);
            }
            Gradient[][] finals = MathArrays.buildArray(gradientField, M, d);
            for (int k = 0; k < M; k++) {
                List<Gradient[]> xs = new ArrayList<>();
                List<Gradient[]> branches = new ArrayList<>();
                Gradient[] x = MathArrays.buildArray(gradientField, d);
                for (int i = 0; i < d; i++) {
                    x[i] = Gradient.variable(variables, count + LAYERS + i * M + k, y0[i * M + k]);
                }
                Gradient[] xb = x.clone();
                for (int n = 0; n < LAYERS; n++) {
                    Gradient step = Gradient.variable(variables, count + n, h[n]);
                    Gradient[] slope = MathArrays.buildArray(gradientField, d);
                    Gradient[] branchSlope = MathArrays.buildArray(gradientField, d);
                    field.apply(t, n * perLayer, x, slope);
                    field.apply(t, n * perLayer + p, xb, branchSlope);
                    xs.add(x);
                    branches.add(xb);
                    int alpha = n * perLayer + 2 * p;
                    Gradient[] next = MathArrays.buildArray(gradientField, d);
                    Gradient[] nextBranch = MathArrays.buildArray(gradientField, d);
                    for (int i = 0; i < d; i++) {
                        Gradient s = gradientField.getZero();
                        for (int j = 0; j <= n; j++) {
                            s = s.add(t[alpha + j].multiply(branches.get(j)[i]))
                                    .add(t[alpha + LAYERS + j].multiply(xs.get(j)[i]));
                        }
                        next[i] = s.add(step.multiply(slope[i]));
                        nextBranch[i] = s.add(step.multiply(branchSlope[i]));
                    }
                    x = next;
                    xb = nextBranch;
                }
                finals[k] = x;
            }
            double[] oracle = loss.value(finals).getGradient();
            GradientPass pass = DiscreteAdjoint.reverse().newPass(flow, M);
            double[] yN = pass.forward(theta, h, y0);
            double[] pN = new double[dim * M];
            System.arraycopy(loss.gradient(Arrays.copyOf(yN, dm)), 0, pN, 0, dm);
            FlowGradient g = flow.newGradient(M);
            pass.backward(theta, h, pN, g);
            double[] gy0 = g.y0.clone();
            flow.update().foldInitialCostate(gy0, dm);
            assertTrue(OracleSupport.maxAbs(Arrays.copyOfRange(oracle, 0, count)) > 1e-6, family);
            assertTrue(OracleSupport.blockError(Arrays.copyOfRange(oracle, 0, count), g.theta) <= 1e-10, family);
            assertTrue(OracleSupport.blockError(Arrays.copyOfRange(oracle, count, count + LAYERS), g.h) <= 1e-10,
                    family);
            assertTrue(OracleSupport.blockError(Arrays.copyOfRange(oracle, count + LAYERS, variables),
                    Arrays.copyOf(gy0, dm)) <= 1e-10, family);
            // the branch field enters J only through α, which is random here: its gradient is not zero
            double branch = 0;
            for (int n = 0; n < LAYERS; n++) {
                for (int r = 0; r < p; r++) {
                    branch = Math.max(branch, Math.abs(g.theta[n * perLayer + p + r]));
                }
            }
            assertTrue(branch > 1e-6, family + ": the branch field's gradient vanishes");
        }
    }

    /** θ of a DMRNet flow from θ, θ' (per layer {@code p} each) and the coefficients {@code alpha}, {@code beta}. */
    private static double[] dmrTheta(double[] theta, double[] branch, int p, int layers, double[][] alpha,
                                     double[][] beta) {
        int perLayer = 2 * p + 2 * layers;
        double[] out = new double[layers * perLayer];
        for (int n = 0; n < layers; n++) {
            System.arraycopy(theta, n * p, out, n * perLayer, p);
            System.arraycopy(branch, n * p, out, n * perLayer + p, p);
            for (int j = 0; j < layers; j++) {
                out[n * perLayer + 2 * p + j] = alpha[n][j];
                out[n * perLayer + 2 * p + layers + j] = beta[n][j];
            }
        }
        return out;
    }

    @Test
    void withItsInitialCoefficientsTheMainStreamIsTheEulerResNetBitForBit() {
        for (String family : VectorFields.families()) {
            VectorField field = VectorFields.create(family, FIELD_DIMENSION, Activation.TANH);
            int layers = 6;
            DiscreteFlow euler = new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.euler()), field, layers);
            DiscreteFlow dmr = flow(field, layers);
            Random random = new Random(64);
            int p = field.parameterCount();
            double[] theta = OracleSupport.gaussian(random, euler.parameterCount(), 0.7);
            double[] branch = OracleSupport.gaussian(random, euler.parameterCount(), 0.7);
            double[][] alpha = new double[layers][layers];
            double[][] beta = new double[layers][layers];
            for (int n = 0; n < layers; n++) {
                for (int j = 0; j < layers; j++) {
                    alpha[n][j] = dmr.update().initialLayerParameter(n, j);
                    beta[n][j] = dmr.update().initialLayerParameter(n, layers + j);
                    assertEquals(j == n ? 1.0 : 0.0, beta[n][j]);
                    assertEquals(0.0, alpha[n][j]);
                }
            }
            double[] thetaDmr = dmrTheta(theta, branch, p, layers, alpha, beta);
            double[] h = OracleSupport.uniform(random, layers, 0.05, 0.3);
            int dm = FIELD_DIMENSION * M;
            double[] y0 = OracleSupport.gaussian(random, dm, 1.0);
            double[] state0 = new double[dmr.dimension() * M];
            System.arraycopy(y0, 0, state0, 0, dm);
            dmr.update().completeInitialState(state0, dm);
            GradientPass a = DiscreteAdjoint.reverse().newPass(euler, M);
            GradientPass b = DiscreteAdjoint.reverse().newPass(dmr, M);
            double[] yEuler = a.forward(theta, h, y0).clone();
            double[] yDmr = b.forward(thetaDmr, h, state0);
            assertArrayEquals(yEuler, Arrays.copyOf(yDmr, dm), 0.0, family + ": x_N");
            assertArrayEquals(yEuler, Arrays.copyOf(dmr.newForwardPass(M).forward(thetaDmr, h, state0), dm), 0.0,
                    family + ": x_N of the value-only pass");
            double[] pN = OracleSupport.gaussian(random, dm, 1.0);
            FlowGradient ga = euler.newGradient(M);
            FlowGradient gb = dmr.newGradient(M);
            a.backward(theta, h, pN, ga);
            b.backward(thetaDmr, h, Arrays.copyOf(pN, state0.length), gb);
            int perLayer = dmr.parametersPerLayer();
            for (int n = 0; n < layers; n++) {
                assertArrayEquals(Arrays.copyOfRange(ga.theta, n * p, n * p + p),
                        Arrays.copyOfRange(gb.theta, n * perLayer, n * perLayer + p), 0.0,
                        family + ": θ gradient of layer " + n);
            }
            assertArrayEquals(ga.h, gb.h, 0.0, family + ": step-size gradients");
            double[] gy0 = gb.y0.clone();
            dmr.update().foldInitialCostate(gy0, dm);
            assertArrayEquals(ga.y0, Arrays.copyOf(gy0, dm), 0.0, family + ": ∂J/∂x_0");
        }
    }

    @Test
    void theLayerIsTheHandWrittenUpdateTwenty() {
        VectorField field = VectorFields.create("sigma-affine", FIELD_DIMENSION, Activation.TANH);
        int layers = 5;
        int d = FIELD_DIMENSION;
        int p = field.parameterCount();
        DiscreteFlow dmr = flow(field, layers);
        Random random = new Random(65);
        double[] theta = OracleSupport.gaussian(random, layers * p, 0.7);
        double[] branch = OracleSupport.gaussian(random, layers * p, 0.7);
        double[][] alpha = new double[layers][layers];
        double[][] beta = new double[layers][layers];
        for (int n = 0; n < layers; n++) {
            for (int j = 0; j < layers; j++) {
                // DMRNet's α = β = 1/2 on the latest state, random on the earlier ones
                alpha[n][j] = j == n ? 0.5 : 0.2 * random.nextGaussian();
                beta[n][j] = j == n ? 0.5 : 0.2 * random.nextGaussian();
            }
        }
        double[] h = OracleSupport.uniform(random, layers, 0.05, 0.3);
        double[] y0 = OracleSupport.gaussian(random, d * M, 1.0);
        double[] state0 = new double[dmr.dimension() * M];
        System.arraycopy(y0, 0, state0, 0, d * M);
        dmr.update().completeInitialState(state0, d * M);
        double[] out = dmr.solve(dmrTheta(theta, branch, p, layers, alpha, beta), h, state0, M);
        // x'_{k+1} = T'(x'_k) + Σ_{t≤k} α_t x'_t + β_t x_t, x_{k+1} = T(x_k) + the same sum, one point at a time,
        // T(x) = h tanh(K x + b)
        for (int k = 0; k < M; k++) {
            List<double[]> xs = new ArrayList<>();
            List<double[]> branches = new ArrayList<>();
            double[] x = {y0[k], y0[M + k]};
            double[] xb = x.clone();
            for (int n = 0; n < layers; n++) {
                xs.add(x);
                branches.add(xb);
                double[] next = new double[d];
                double[] nextBranch = new double[d];
                for (int i = 0; i < d; i++) {
                    double sum = 0;
                    for (int t = 0; t <= n; t++) {
                        sum += alpha[n][t] * branches.get(t)[i] + beta[n][t] * xs.get(t)[i];
                    }
                    next[i] = h[n] * affine(theta, n * p, d, x, i) + sum;
                    nextBranch[i] = h[n] * affine(branch, n * p, d, xb, i) + sum;
                }
                x = next;
                xb = nextBranch;
            }
            for (int i = 0; i < d; i++) {
                assertEquals(x[i], out[i * M + k], 1e-14 * Math.max(1, Math.abs(x[i])),
                        "x, point " + k + " coordinate " + i);
                assertEquals(xb[i], out[(d + i) * M + k], 1e-14 * Math.max(1, Math.abs(xb[i])),
                        "x', point " + k + " coordinate " + i);
            }
        }
    }

    /** {@code tanh((K x + b)_i)} for the sigma-affine field's parameters {@code K (d × d), b} at {@code at}. */
    private static double affine(double[] theta, int at, int d, double[] x, int i) {
        double z = theta[at + d * d + i];
        for (int j = 0; j < d; j++) {
            z += theta[at + i * d + j] * x[j];
        }
        return Math.tanh(z);
    }

    @Test
    void theCheckpointedAdjointIsTheStoredAdjointBitForBit() {
        VectorField field = VectorFields.create("two-layer", FIELD_DIMENSION, Activation.SOFTPLUS);
        int layers = 7;
        DiscreteFlow flow = flow(field, layers);
        TestProblems.Problem problem = new TestProblems.Problem(flow, M, 75);
        double[] stored = problem.adjointGradient(DiscreteAdjoint.reverse());
        for (int k : new int[] {1, 2, 3}) {
            assertArrayEquals(stored, problem.adjointGradient(DiscreteAdjoint.reverse().checkpointEvery(k)), 0.0,
                    "checkpoints every " + k);
        }
        assertArrayEquals(stored, problem.adjointGradient(DiscreteAdjoint.sprk()), 0.0, "the SPRK form");
    }

    @Test
    void aFlowDeeperThanTheUpdateIsRefusedInOneLine() {
        VectorField field = VectorFields.create("sigma-affine", FIELD_DIMENSION, Activation.TANH);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiscreteFlow(LayerUpdate.dmrNet(3), field, 4));
        assertTrue(e.getMessage().contains("dmr-net") && e.getMessage().contains("4") && !e.getMessage().contains("\n"),
                e.getMessage());
        assertEquals(LayerUpdate.dmrNet(4), LayerUpdate.structured().get("dmr-net").forLayers(4));
        assertEquals(1, LayerUpdate.dmrNet(4).branchFieldSets());
        assertEquals("K'", LayerUpdate.branchBlockName("K", 0));
    }
}
