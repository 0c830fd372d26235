package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The leapfrog (Störmer–Verlet) layer: its exact discrete adjoint against finite differences (1e-6) and Hipparchus
 * automatic differentiation (1e-10), the bilinear invariant, and the geometric properties of the step on the
 * separable {@code hamiltonian} family: symplecticity {@code JᵀΩJ = Ω}, {@code det J = 1}, reversibility.
 */
class LeapfrogUpdateTest {

    private static final int M = 3;

    private static TestProblems.Problem problem(String family, Activation activation, int layers, long seed) {
        VectorField field = VectorFields.create(family, TestProblems.DIMENSION, activation);
        return new TestProblems.Problem(new DiscreteFlow(LayerUpdate.leapfrog(), field, layers), M, seed);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyFamilyAndSmoothActivation")
    void adjointMatchesFiniteDifferencesInEveryParameterKind(String family, Activation activation) {
        TestProblems.Problem problem = problem(family, activation, 4, 31);
        double[] x = problem.pack();
        double[] analytic = problem.adjointGradient(DiscreteAdjoint.reverse());
        GradientCheck.Report report = GradientCheck.check(problem.packedLoss(), x, analytic, problem.blocks(),
                GradientCheck.DEFAULT_STEP);
        assertTrue(report.maxRelativeError() <= 1e-6, family + "\n" + report.toTable());
        assertTrue(report.blocks().stream().anyMatch(b -> b.name().equals("h")), "the step sizes are checked");
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyFamilyAndSmoothActivation")
    void pairingOfAdjointAndTangentIsConservedLayerByLayer(String family, Activation activation) {
        TestProblems.Problem problem = problem(family, activation, 5, 37);
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(problem.flow, problem.m);
        double[] yN = pass.forward(problem.theta, problem.h, problem.y0);
        double[] pN = new double[yN.length];
        problem.headLoss(yN, pN, null);
        double[][] costates = new double[problem.flow.layers() + 1][];
        FlowGradient gradient = problem.flow.newGradient(problem.m);
        pass.backward(problem.theta, problem.h, pN, gradient, costates);
        double[] v0 = BilinearInvariantTest.randomVector(yN.length, 9);
        double[] dh = BilinearInvariantTest.randomVector(problem.h.length, 10);
        double[][] tangents = TangentFlow.propagate(pass, problem.theta, problem.h, v0, null);
        int layers = problem.flow.layers();
        double reference = BilinearInvariantTest.dot(costates[layers], tangents[layers]);
        for (int n = 0; n < layers; n++) {
            double pairing = BilinearInvariantTest.dot(costates[n], tangents[n]);
            double scale = BilinearInvariantTest.absoluteDot(costates[n], tangents[n]);
            assertTrue(Math.abs(pairing - reference) <= 1e-12 * scale, "layer " + n + ": <p_n, v_n> = " + pairing
                    + " vs <p_N, v_N> = " + reference);
        }
        // the step-size tangent pairs with the step-size gradient: dJ[v0, δh] two ways
        double[][] withSteps = TangentFlow.propagate(pass, problem.theta, problem.h, v0, dh);
        double forwardMode = BilinearInvariantTest.dot(pN, withSteps[layers]);
        double reverseMode = BilinearInvariantTest.dot(gradient.y0, v0) + BilinearInvariantTest.dot(gradient.h, dh);
        double scale = BilinearInvariantTest.absoluteDot(gradient.y0, v0)
                + BilinearInvariantTest.absoluteDot(gradient.h, dh);
        assertTrue(Math.abs(forwardMode - reverseMode) <= 1e-12 * scale, forwardMode + " vs " + reverseMode);
    }

    @Test
    void adjointMatchesAutomaticDifferentiationForEveryFamily() {
        for (String family : VectorFields.families()) {
            for (Activation activation : TestProblems.SMOOTH_ACTIVATIONS) {
                VectorField field = VectorFields.create(family, 4, activation);
                int layers = 4;
                Random random = new Random(family.hashCode() * 31L + activation.ordinal());
                double[] theta = OracleSupport.gaussian(random, layers * field.parameterCount(), 0.5);
                double[] h = OracleSupport.uniform(random, layers, 0.05, 0.3);
                double[] y0 = OracleSupport.gaussian(random, 4 * M, 1.0);
                OracleSupport.PaperLoss loss = OracleSupport.PaperLoss.random(random, 4, M);
                double[] oracle = automaticDifferentiation(field, layers, theta, h, y0, loss);
                DiscreteFlow flow = new DiscreteFlow(LayerUpdate.leapfrog(), field, layers);
                GradientPass pass = DiscreteAdjoint.reverse().newPass(flow, M);
                double[] pN = loss.gradient(pass.forward(theta, h, y0));
                FlowGradient gradient = flow.newGradient(M);
                pass.backward(theta, h, pN, gradient);
                int count = theta.length;
                String label = family + " / " + activation.id();
                double[] oracleTheta = Arrays.copyOfRange(oracle, 0, count);
                double[] oracleH = Arrays.copyOfRange(oracle, count, count + layers);
                double[] oracleY0 = Arrays.copyOfRange(oracle, count + layers, oracle.length);
                assertTrue(OracleSupport.maxAbs(oracleH) > 1e-6, label + ": oracle ∂J/∂h is negligible");
                assertTrue(OracleSupport.blockError(oracleTheta, gradient.theta) <= 1e-10, label + " θ");
                assertTrue(OracleSupport.blockError(oracleH, gradient.h) <= 1e-10, label + " h: "
                        + Arrays.toString(oracleH) + " vs " + Arrays.toString(gradient.h));
                assertTrue(OracleSupport.blockError(oracleY0, gradient.y0) <= 1e-10, label + " y0");
            }
        }
    }

    /** Forward-mode AD of J through leapfrog layers written out point by point on {@link Gradient} values. */
    private static double[] automaticDifferentiation(VectorField field, int layers, double[] thetaValues,
                                                     double[] hValues, double[] y0, OracleSupport.PaperLoss loss) {
        int d = field.dimension();
        int half = d / 2;
        int count = thetaValues.length;
        int variables = count + layers + d * M;
        GradientField gradientField = GradientField.getField(variables);
        Gradient[] theta = MathArrays.buildArray(gradientField, count);
        for (int q = 0; q < count; q++) {
            theta[q] = Gradient.variable(variables, q, thetaValues[q]);
        }
        Gradient[][] finals = MathArrays.buildArray(gradientField, M, d);
        for (int k = 0; k < M; k++) {
            Gradient[] x = MathArrays.buildArray(gradientField, d);
            for (int i = 0; i < d; i++) {
                x[i] = Gradient.variable(variables, count + layers + i * M + k, y0[i * M + k]);
            }
            Gradient[] slope = MathArrays.buildArray(gradientField, d);
            for (int n = 0; n < layers; n++) {
                Gradient h = Gradient.variable(variables, count + n, hValues[n]);
                int offset = n * field.parameterCount();
                field.apply(theta, offset, x, slope);
                for (int i = half; i < d; i++) {
                    x[i] = x[i].add(h.multiply(0.5).multiply(slope[i]));
                }
                field.apply(theta, offset, x, slope);
                for (int i = 0; i < half; i++) {
                    x[i] = x[i].add(h.multiply(slope[i]));
                }
                field.apply(theta, offset, x, slope);
                for (int i = half; i < d; i++) {
                    x[i] = x[i].add(h.multiply(0.5).multiply(slope[i]));
                }
            }
            finals[k] = x;
        }
        return loss.value(finals).getGradient();
    }

    /** The Jacobian of one layer at one point, column j = the tangent of the unit vector e_j. */
    private static RealMatrix layerJacobian(DiscreteFlow flow, double[] theta, double[] h, double[] y0) {
        int d = flow.dimension();
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(flow, 1);
        pass.forward(theta, h, y0);
        RealMatrix jacobian = MatrixUtils.createRealMatrix(d, d);
        for (int j = 0; j < d; j++) {
            double[] e = new double[d];
            e[j] = 1;
            double[][] tangents = TangentFlow.propagate(pass, theta, h, e, null);
            jacobian.setColumn(j, tangents[1]);
        }
        return jacobian;
    }

    @Test
    void leapfrogLayerOfAHamiltonianFieldIsSymplecticWithUnitDeterminant() {
        for (int d : new int[] {2, 4, 6}) {
            VectorField field = VectorFields.create("hamiltonian", d, Activation.TANH);
            DiscreteFlow flow = new DiscreteFlow(LayerUpdate.leapfrog(), field, 1);
            Random random = new Random(d);
            // entries of size 0.5 … 1.2 and a state near the origin: no weight near 0, tanh far from saturation
            double[] theta = OracleSupport.uniform(random, field.parameterCount(), 0.5, 1.2);
            double[] y0 = OracleSupport.gaussian(random, d, 0.3);
            RealMatrix jacobian = layerJacobian(flow, theta, new double[] {0.7}, y0);
            int half = d / 2;
            RealMatrix omega = MatrixUtils.createRealMatrix(d, d);
            for (int i = 0; i < half; i++) {
                omega.setEntry(i, half + i, 1);
                omega.setEntry(half + i, i, -1);
            }
            RealMatrix defect = jacobian.transpose().multiply(omega).multiply(jacobian).subtract(omega);
            double scale = Math.max(1, jacobian.getNorm1() * jacobian.getNorm1());
            assertTrue(defect.getNorm1() <= 1e-14 * scale * d, "d = " + d + ": ‖JᵀΩJ − Ω‖₁ = " + defect.getNorm1());
            assertEquals(1.0, new LUDecomposition(jacobian).getDeterminant(), 1e-13 * scale, "det J, d = " + d);
            // the property is not automatic: an explicit Euler (ResNet) layer on the same field is not symplectic
            RealMatrix rk = layerJacobian(new DiscreteFlow(LayerUpdate.rungeKutta(
                    io.github.pontryagin.core.tableau.Tableau.euler()), field, 1), theta, new double[] {0.7}, y0);
            double rkDefect = rk.transpose().multiply(omega).multiply(rk).subtract(omega).getNorm1();
            assertTrue(rkDefect > 1e-3, "an Euler layer is not symplectic, so the check has teeth: " + rkDefect);
        }
    }

    @Test
    void runningTheLayersBackwardsRecoversTheInputForAHundredLayers() {
        VectorField field = VectorFields.create("hamiltonian", 4, Activation.TANH);
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.leapfrog(), field, 100);
        TestProblems.Problem problem = new TestProblems.Problem(flow, 5, 41);
        Arrays.fill(problem.h, 0.1);
        double[] drift = ReversibleAdjoint.drift(flow, problem.theta, problem.h, problem.y0, 5);
        double worst = Arrays.stream(drift).max().orElseThrow();
        assertTrue(worst <= 1e-12, "recomputed states drift by " + worst + " (relative) over 100 layers");
        assertTrue(drift[0] > 0 || worst == 0, "drift is measured, not assumed");
        // a non-separable field is not reversible by the same sub-steps
        DiscreteFlow notSeparable = new DiscreteFlow(LayerUpdate.leapfrog(),
                VectorFields.create("sigma-affine", 4, Activation.TANH), 100);
        TestProblems.Problem other = new TestProblems.Problem(notSeparable, 5, 41);
        assertTrue(ReversibleAdjoint.drift(notSeparable, other.theta, other.h, other.y0, 5)[0] > 1e-6,
                "σ-affine couples y and z in each half, so the inverse sub-steps do not undo the step");
    }

    @Test
    void reversibleGradientEqualsStoredGradientWithMemoryIndependentOfDepth() {
        VectorField field = VectorFields.create("hamiltonian", 4, Activation.TANH);
        long[] memory = new long[2];
        int[] depths = {10, 100};
        for (int t = 0; t < depths.length; t++) {
            DiscreteFlow flow = new DiscreteFlow(LayerUpdate.leapfrog(), field, depths[t]);
            TestProblems.Problem problem = new TestProblems.Problem(flow, M, 43 + t);
            Arrays.fill(problem.h, 1.0 / depths[t] * 3);
            double[] stored = problem.adjointGradient(DiscreteAdjoint.reverse());
            ReversiblePass pass = ReversibleAdjoint.defaults().newPass(flow, M);
            double[] reversible = problem.adjointGradient(pass);
            assertEquals(0, pass.fallbacks(), "no fallback needed at N = " + depths[t]);
            assertTrue(pass.lastDrift() <= ReversibleAdjoint.DEFAULT_TOLERANCE, "drift " + pass.lastDrift());
            double error = OracleSupport.blockError(stored, reversible);
            assertTrue(error <= 1e-10, "N = " + depths[t] + ": reversible vs stored gradient " + error);
            memory[t] = pass.storedDoubles();
            assertTrue(pass.storedDoubles() < DiscreteAdjoint.reverse().newPass(flow, M).storedDoubles());
        }
        assertEquals(memory[0], memory[1], "reversible memory does not grow with N");
    }

    @Test
    void driftAboveToleranceFallsBackToTheCheckpointedGradientBitForBit() {
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.leapfrog(),
                VectorFields.create("sigma-affine", 4, Activation.TANH), 12);
        TestProblems.Problem problem = new TestProblems.Problem(flow, M, 47);
        ReversiblePass pass = ReversibleAdjoint.tolerance(1e-12).newPass(flow, M);
        double[] reversible = problem.adjointGradient(pass);
        assertEquals(1, pass.fallbacks());
        assertTrue(pass.lastDrift() > 1e-12);
        assertArrayEquals(problem.adjointGradient(DiscreteAdjoint.reverse()), reversible, 0.0);
    }

    @Test
    void reversibleAdjointRejectsNonReversibleUpdatesAndBadTolerances() {
        DiscreteFlow rk = new DiscreteFlow(LayerUpdate.rungeKutta(io.github.pontryagin.core.tableau.Tableau.rk4()),
                VectorFields.create("hamiltonian", 4, Activation.TANH), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReversibleAdjoint.defaults().newPass(rk, 2));
        assertTrue(e.getMessage().contains("rk4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReversibleAdjoint.tolerance(0));
        assertThrows(IllegalArgumentException.class, () -> ReversibleAdjoint.tolerance(Double.NaN));
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class, () -> new DiscreteFlow(
                LayerUpdate.leapfrog(), VectorFields.create("sigma-affine", 3, Activation.TANH), 2));
        assertTrue(odd.getMessage().contains("d = 3"), odd.getMessage());
    }
}
