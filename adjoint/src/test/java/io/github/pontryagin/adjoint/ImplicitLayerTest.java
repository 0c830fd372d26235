package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.NegativeGradient;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.ImplicitTableau;
import io.github.pontryagin.core.tableau.Tableau;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The implicit layers ({@link ImplicitRungeKuttaUpdate}) verified like the explicit ones ({@code docs/theory.md} §2):
 * the stage equations hold to round-off, the discrete adjoint matches central finite differences (1e-6) and
 * forward-mode automatic differentiation (1e-10), the bilinear invariant holds layer by layer, and the layers are
 * B-stable: on a contractive field they contract for every step size, where forward Euler does not.
 */
class ImplicitLayerTest {

    static Stream<Arguments> everyImplicitTableauAndFamily() {
        List<Arguments> cases = new ArrayList<>();
        for (ImplicitTableau tableau : ImplicitTableau.all()) {
            for (String family : VectorFields.families()) {
                cases.add(Arguments.of(tableau.name(), family));
            }
        }
        return cases.stream();
    }

    private static TestProblems.Problem problem(String tableau, String family, Activation activation, long seed) {
        VectorField field = VectorFields.create(family, TestProblems.DIMENSION, activation);
        return new TestProblems.Problem(new DiscreteFlow(LayerUpdate.implicit(ImplicitTableau.byName(tableau)), field,
                TestProblems.LAYERS), TestProblems.BATCH, seed);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("everyImplicitTableauAndFamily")
    void stageEquationsHoldToRoundOff(String tableau, String family) {
        TestProblems.Problem problem = problem(tableau, family, Activation.TANH, 11);
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(problem.flow, problem.m);
        pass.forward(problem.theta, problem.h, problem.y0);
        ImplicitTableau t = ImplicitTableau.byName(tableau);
        Trajectory tape = pass.trajectory();
        int s = t.stages();
        int dm = problem.y0.length;
        double worst = 0;
        double[][] states = problem.flow.states(problem.theta, problem.h, problem.y0, problem.m);
        for (int n = 0; n < problem.flow.layers(); n++) {
            double[] y = states[n];
            for (int i = 0; i < s; i++) {
                for (int q = 0; q < dm; q++) {
                    double sum = 0;
                    for (int j = 0; j < s; j++) {
                        sum += t.a(i, j) * tape.stageK[(n * s + j) * dm + q];
                    }
                    double yi = tape.stageY[(n * s + i) * dm + q];
                    worst = Math.max(worst, Math.abs(yi - y[q] - problem.h[n] * sum) / Math.max(1, Math.abs(yi)));
                }
            }
        }
        assertTrue(worst <= 1e-14, tableau + "/" + family + ": stage residual " + worst);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("everyImplicitTableauAndFamily")
    void adjointMatchesFiniteDifferences(String tableau, String family) {
        for (Activation activation : List.of(Activation.TANH, Activation.SOFTPLUS)) {
            TestProblems.Problem problem = problem(tableau, family, activation, 17);
            double[] analytic = problem.adjointGradient(DiscreteAdjoint.reverse());
            double[] sprk = problem.adjointGradient(DiscreteAdjoint.sprk());
            assertTrue(Arrays.equals(analytic, sprk), "both forms use the same transposed solve");
            double[] checkpointed = problem.adjointGradient(DiscreteAdjoint.reverse().checkpointEvery(3));
            GradientCheck.Report report = GradientCheck.check(problem.packedLoss(), problem.pack(), analytic,
                    problem.blocks(), GradientCheck.DEFAULT_STEP);
            assertTrue(report.maxRelativeError() <= 1e-6, tableau + "/" + family + "/" + activation.id() + "\n"
                    + report.toTable());
            assertTrue(Arrays.equals(analytic, checkpointed), "checkpointing recomputes the same Newton iterates");
        }
    }

    @Test
    void adjointMatchesFiniteDifferencesAtLargeStepSizesOnTheGradientFamily() {
        for (ImplicitTableau tableau : ImplicitTableau.all()) {
            VectorField field = new NegativeGradient(TestProblems.DIMENSION, Activation.TANH);
            TestProblems.Problem problem = new TestProblems.Problem(new DiscreteFlow(LayerUpdate.implicit(tableau),
                    field, TestProblems.LAYERS), TestProblems.BATCH, 29);
            for (int n = 0; n < problem.h.length; n++) {
                problem.h[n] = 1.0 + n;
            }
            double[] analytic = problem.adjointGradient(DiscreteAdjoint.reverse());
            GradientCheck.Report report = GradientCheck.check(problem.packedLoss(), problem.pack(), analytic,
                    problem.blocks(), GradientCheck.DEFAULT_STEP);
            assertTrue(report.maxRelativeError() <= 1e-6, tableau.name() + " at h = 1..4\n" + report.toTable());
        }
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("everyImplicitTableauAndFamily")
    void pairingOfAdjointAndTangentIsConservedLayerByLayer(String tableau, String family) {
        TestProblems.Problem problem = problem(tableau, family, Activation.SIGMOID, 41);
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(problem.flow, problem.m);
        double[] yN = pass.forward(problem.theta, problem.h, problem.y0);
        double[] pN = new double[yN.length];
        problem.headLoss(yN, pN, null);
        double[][] costates = new double[problem.flow.layers() + 1][];
        FlowGradient gradient = problem.flow.newGradient(problem.m);
        pass.backward(problem.theta, problem.h, pN, gradient, costates);
        double[] v0 = BilinearInvariantTest.randomVector(yN.length, 5);
        double[][] tangents = TangentFlow.propagate(pass, problem.theta, problem.h, v0, null);
        double reference = BilinearInvariantTest.dot(costates[problem.flow.layers()],
                tangents[problem.flow.layers()]);
        for (int n = 0; n < problem.flow.layers(); n++) {
            double pairing = BilinearInvariantTest.dot(costates[n], tangents[n]);
            double scale = BilinearInvariantTest.absoluteDot(costates[n], tangents[n]);
            assertTrue(Math.abs(pairing - reference) <= 1e-12 * scale, tableau + "/" + family + " layer " + n
                    + ": <p_n, v_n> = " + pairing + " but <p_N, v_N> = " + reference);
        }
        // with a step-size direction: forward mode equals reverse mode
        double[] dh = BilinearInvariantTest.randomVector(problem.h.length, 7);
        double[][] withSteps = TangentFlow.propagate(pass, problem.theta, problem.h, v0, dh);
        double forward = BilinearInvariantTest.dot(pN, withSteps[problem.flow.layers()]);
        double reverse = BilinearInvariantTest.dot(gradient.y0, v0) + BilinearInvariantTest.dot(gradient.h, dh);
        double scale = BilinearInvariantTest.absoluteDot(gradient.y0, v0)
                + BilinearInvariantTest.absoluteDot(gradient.h, dh);
        assertTrue(Math.abs(forward - reverse) <= 1e-12 * scale, forward + " vs " + reverse);
    }

    /**
     * Forward-mode AD oracle: the stage equations solved by fixed-point iteration
     * {@code Y ← y + h A f(Y)} on {@link Gradient} values (step sizes small enough for a contraction; the
     * derivatives of the iterates converge with the same factor), written out here point by point with the field's
     * generic single-point {@code apply}; no Newton, Jacobian or adjoint code is involved.
     */
    @Test
    void adjointMatchesAutomaticDifferentiationOfAFixedPointSolve() {
        int d = 4;
        int m = 2;
        int layers = 3;
        for (ImplicitTableau tableau : ImplicitTableau.all()) {
            for (String family : VectorFields.families()) {
                VectorField field = VectorFields.create(family, d, Activation.TANH);
                Random random = new Random(family.hashCode() * 31L + tableau.stages());
                double[] theta = OracleSupport.gaussian(random, layers * field.parameterCount(), 0.4);
                double[] h = OracleSupport.uniform(random, layers, 0.05, 0.15);
                double[] y0 = OracleSupport.gaussian(random, d * m, 1.0);
                OracleSupport.PaperLoss loss = OracleSupport.PaperLoss.random(random, d, m);
                DiscreteFlow flow = new DiscreteFlow(LayerUpdate.implicit(tableau), field, layers);
                GradientPass pass = DiscreteAdjoint.reverse().newPass(flow, m);
                double[] yN = pass.forward(theta, h, y0);
                FlowGradient gradient = flow.newGradient(m);
                pass.backward(theta, h, loss.gradient(yN), gradient);
                double[] oracle = oracle(tableau, field, layers, m, theta, h, y0, loss);
                int tc = theta.length;
                String label = tableau.name() + " / " + family;
                double errorTheta = OracleSupport.blockError(Arrays.copyOfRange(oracle, 0, tc), gradient.theta);
                double errorH = OracleSupport.blockError(Arrays.copyOfRange(oracle, tc, tc + layers), gradient.h);
                double errorY = OracleSupport.blockError(Arrays.copyOfRange(oracle, tc + layers, oracle.length),
                        gradient.y0);
                assertTrue(OracleSupport.maxAbs(gradient.h) > 1e-6 && OracleSupport.maxAbs(gradient.y0) > 1e-6,
                        label + ": gradients too small to compare");
                assertTrue(errorTheta <= 1e-10 && errorH <= 1e-10 && errorY <= 1e-10, label + ": θ " + errorTheta
                        + ", h " + errorH + ", y0 " + errorY);
            }
        }
    }

    private static double[] oracle(ImplicitTableau tableau, VectorField field, int layers, int m, double[] thetaValues,
                                   double[] hValues, double[] y0, OracleSupport.PaperLoss loss) {
        int d = field.dimension();
        int s = tableau.stages();
        int tc = thetaValues.length;
        int variables = tc + layers + d * m;
        GradientField gf = GradientField.getField(variables);
        Gradient[] theta = MathArrays.buildArray(gf, tc);
        for (int q = 0; q < tc; q++) {
            theta[q] = Gradient.variable(variables, q, thetaValues[q]);
        }
        Gradient[] h = MathArrays.buildArray(gf, layers);
        for (int n = 0; n < layers; n++) {
            h[n] = Gradient.variable(variables, tc + n, hValues[n]);
        }
        Gradient[][] finals = MathArrays.buildArray(gf, m, d);
        for (int k = 0; k < m; k++) {
            Gradient[] y = MathArrays.buildArray(gf, d);
            for (int i = 0; i < d; i++) {
                y[i] = Gradient.variable(variables, tc + layers + i * m + k, y0[i * m + k]);
            }
            for (int n = 0; n < layers; n++) {
                int off = n * field.parameterCount();
                Gradient[][] stage = MathArrays.buildArray(gf, s, d);
                Gradient[][] slope = MathArrays.buildArray(gf, s, d);
                for (int i = 0; i < s; i++) {
                    stage[i] = y.clone();
                }
                for (int iteration = 0; iteration < 120; iteration++) {
                    for (int i = 0; i < s; i++) {
                        field.apply(theta, off, stage[i], slope[i]);
                    }
                    for (int i = 0; i < s; i++) {
                        for (int r = 0; r < d; r++) {
                            Gradient sum = gf.getZero();
                            for (int j = 0; j < s; j++) {
                                sum = sum.add(slope[j][r].multiply(tableau.a(i, j)));
                            }
                            stage[i][r] = y[r].add(h[n].multiply(sum));
                        }
                    }
                }
                for (int i = 0; i < s; i++) {
                    field.apply(theta, off, stage[i], slope[i]);
                }
                Gradient[] next = MathArrays.buildArray(gf, d);
                for (int r = 0; r < d; r++) {
                    Gradient sum = gf.getZero();
                    for (int i = 0; i < s; i++) {
                        sum = sum.add(slope[i][r].multiply(tableau.b(i)));
                    }
                    next[r] = y[r].add(h[n].multiply(sum));
                }
                y = next;
            }
            finals[k] = y;
        }
        return loss.value(finals).getGradient();
    }

    @Test
    void implicitLayersContractForEveryStepSizeOnAContractiveFieldWhileForwardEulerDoesNot() {
        int d = 4;
        int m = 6;
        VectorField field = new NegativeGradient(d, Activation.TANH); // ν ≤ 0 for 0 ≤ σ' ≤ 1
        SplittableRandom random = new SplittableRandom(5);
        double[] theta = new double[field.parameterCount()];
        for (int q = 0; q < theta.length; q++) {
            theta[q] = TestProblems.gaussian(random);
        }
        double[] y1 = new double[d * m];
        double[] y2 = new double[d * m];
        for (int q = 0; q < y1.length; q++) {
            y1[q] = 2 * TestProblems.gaussian(random);
            y2[q] = 2 * TestProblems.gaussian(random);
        }
        for (double h : new double[] {0.1, 1, 3, 10}) {
            for (ImplicitTableau tableau : ImplicitTableau.all()) {
                double ratio = worstPointRatio(new DiscreteFlow(LayerUpdate.implicit(tableau), field, 1), theta, h,
                        y1, y2, m);
                assertTrue(ratio <= 1 + 1e-12, tableau.name() + " at h = " + h + " expands: ratio " + ratio);
            }
        }
        double eulerRatio = worstPointRatio(new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.euler()), field, 1),
                theta, 10, y1, y2, m);
        assertTrue(eulerRatio > 2, "forward Euler at h = 10 should expand, ratio " + eulerRatio);
    }

    /** {@code max_k ‖Φ(y1_k) − Φ(y2_k)‖ / ‖y1_k − y2_k‖} over the points of one layer. */
    private static double worstPointRatio(DiscreteFlow flow, double[] theta, double h, double[] y1, double[] y2,
                                          int m) {
        double[] out1 = flow.solve(theta, new double[] {h}, y1, m);
        double[] out2 = flow.solve(theta, new double[] {h}, y2, m);
        int d = flow.dimension();
        double worst = 0;
        for (int k = 0; k < m; k++) {
            double before = 0;
            double after = 0;
            for (int i = 0; i < d; i++) {
                before += Math.pow(y1[i * m + k] - y2[i * m + k], 2);
                after += Math.pow(out1[i * m + k] - out2[i * m + k], 2);
            }
            worst = Math.max(worst, Math.sqrt(after / before));
        }
        return worst;
    }

    @Test
    void singularNewtonMatrixIsReportedWithLayerPointAndStepSize() {
        // the linear field f(y) = y with h = 1 makes the Newton matrix I − hJ = 0
        VectorField field = VectorFields.create("sigma-affine", 2, Activation.IDENTITY);
        double[] theta = {1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0};
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.implicit(ImplicitTableau.implicitEuler()), field, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> flow.solve(theta, new double[] {0.5, 1.0}, new double[] {1, 2, 3, 4}, 2));
        assertEquals("implicit-euler layer 1: the Newton matrix I - h A J is singular at point 0 of the batch"
                + " (h = 1.0); use a smaller step size", e.getMessage());
    }

    /**
     * Newton's method that makes progress but too slowly reaches the iteration cap, and the one-line message names the
     * layer, the point, the residual and h. The field is f(y) = y/2 (h = 1: G(Y) = Y/2 − y) but reports the Jacobian
     * −0.3 (a lagged or approximate Jacobian, as a user field may give): the iteration is then a chord method whose
     * error shrinks by 1 − 0.5/1.3 ≈ 0.62 per step, so 50 steps leave ≈ 3e-11, above the 1e-12 step tolerance.
     */
    @Test
    void newtonThatDoesNotConvergeInTimeIsReportedWithLayerPointAndResidual() {
        VectorField linear = VectorFields.create("sigma-affine", 1, Activation.IDENTITY);
        VectorField approximateJacobian = (VectorField) java.lang.reflect.Proxy.newProxyInstance(
                VectorField.class.getClassLoader(), new Class<?>[] {VectorField.class}, (proxy, method, args) -> {
                    if (method.getName().equals("jvp")) {
                        double[] v = (double[]) args[3];
                        int m = (int) args[4];
                        double[] out = (double[]) args[5];
                        for (int k = 0; k < m; k++) {
                            out[k] = -0.3 * v[k];
                        }
                        return null;
                    }
                    return method.invoke(linear, args);
                });
        double[] theta = {0.5, 0.0};
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.implicit(ImplicitTableau.implicitEuler()), approximateJacobian,
                1);
        // point 0 starts at its solution Y = 0; point 1 (y = 1, solution Y = 2) is the one that does not converge
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> flow.solve(theta, new double[] {1.0}, new double[] {0.0, 1.0}, 2));
        String prefix = "implicit-euler layer 0: Newton's method did not converge at point 1 of the batch after "
                + ImplicitRungeKuttaUpdate.MAX_ITERATIONS + " iterations (residual max|Y - y - h A f(Y)| = ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertTrue(e.getMessage().endsWith(", h = 1.0); use a smaller step size or a contractive field"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
        double residual = Double.parseDouble(e.getMessage().substring(prefix.length(),
                e.getMessage().indexOf(", h = ")));
        // G shrinks by ≈ 0.615 per iteration from |G| = 1: after 50 iterations ≈ 0.615^50 ≈ 3e-11
        assertTrue(residual > 1e-12 && residual < 1e-9, "residual " + residual);
    }
}
