package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code docs/theory.md} §2, check 1: the discrete adjoint agrees with central finite differences to 1e-6. */
class AdjointFiniteDifferenceTest {

    @AfterAll
    static void printWorstError() {
        WorstErrors.print("finite differences");
    }

    private static final double TOLERANCE = 1e-6;

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyTableauFamilyAndActivation")
    void adjointMatchesFiniteDifferencesInEveryParameterKind(String tableau, String family, Activation activation) {
        TestProblems.Problem problem = TestProblems.Problem.of(tableau, family, activation, 17);
        assertMatchesFiniteDifferences(problem, tableau + "/" + family + "/" + activation.id());
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyTableauFamilyAndPiecewiseLinearActivation")
    void adjointMatchesFiniteDifferencesForReluAndIdentity(String tableau, String family, Activation activation) {
        // ReLU: central differences are exact away from the kink; the seeded data keeps every pre-activation
        // farther from 0 than the difference step moves it (a case that hit the kink would fail, not pass)
        TestProblems.Problem problem = TestProblems.Problem.of(tableau, family, activation, 41);
        assertMatchesFiniteDifferences(problem, tableau + "/" + family + "/" + activation.id());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.pontryagin.core.field.VectorFields#families")
    void netBaselineWithoutSkipConnectionMatchesFiniteDifferences(String family) {
        VectorField field = VectorFields.create(family, TestProblems.DIMENSION, Activation.TANH);
        TestProblems.Problem problem = new TestProblems.Problem(
                new DiscreteFlow(LayerUpdate.plain(), field, TestProblems.LAYERS), TestProblems.BATCH, 23);
        assertMatchesFiniteDifferences(problem, "net/" + family);
    }

    @Test
    void plainUpdateIgnoresTheStepSizes() {
        VectorField field = VectorFields.create("sigma-affine", TestProblems.DIMENSION, Activation.TANH);
        TestProblems.Problem problem = new TestProblems.Problem(
                new DiscreteFlow(LayerUpdate.plain(), field, TestProblems.LAYERS), TestProblems.BATCH, 5);
        double[] gradient = problem.adjointGradient(DiscreteAdjoint.reverse());
        for (int n = 0; n < problem.h.length; n++) {
            org.junit.jupiter.api.Assertions.assertEquals(0.0, gradient[problem.theta.length + n], "h[" + n + "]");
        }
        double[] yN = problem.flow.solve(problem.theta, problem.h, problem.y0, problem.m);
        java.util.Arrays.fill(problem.h, 7.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(yN,
                problem.flow.solve(problem.theta, problem.h, problem.y0, problem.m), 0.0);
        org.junit.jupiter.api.Assertions.assertFalse(problem.flow.update().usesStepSizes());
        org.junit.jupiter.api.Assertions.assertTrue(problem.flow.update().tableau().isEmpty());
    }

    @Test
    void checkpointedAdjointMatchesFiniteDifferencesOnADeepFlow() {
        VectorField field = VectorFields.create("sigma-affine", 3, Activation.TANH);
        TestProblems.Problem problem = new TestProblems.Problem(
                new DiscreteFlow(LayerUpdate.rungeKutta(Tableau.rk4()), field, 12), 5, 5);
        double[] x = problem.pack();
        double[] analytic = problem.adjointGradient(DiscreteAdjoint.reverse().checkpointSqrt());
        GradientCheck.Report report = GradientCheck.check(problem.packedLoss(), x, analytic, problem.blocks(),
                GradientCheck.DEFAULT_STEP);
        assertTrue(report.maxRelativeError() <= TOLERANCE, report.toTable());
    }

    @Test
    void publicFieldCheckerPassesForEveryFamilyAndTableau() {
        for (String family : VectorFields.families()) {
            for (Tableau tableau : Tableau.all()) {
                VectorField field = VectorFields.create(family, 4, Activation.SOFTPLUS);
                GradientCheck.Report report = GradientCheck.checkField(field, tableau, 5, 3, 99);
                assertTrue(report.maxRelativeError() <= TOLERANCE, family + "/" + tableau.name() + "\n"
                        + report.toTable());
                assertTrue(report.blocks().size() == field.parameterBlocks().size() + 2,
                        "one report row per parameter block plus h and y0");
            }
        }
    }

    @Test
    void checkerDetectsAWrongGradient() {
        TestProblems.Problem problem = TestProblems.Problem.of("rk4", "sigma-affine", Activation.TANH, 3);
        double[] x = problem.pack();
        double[] analytic = problem.adjointGradient(DiscreteAdjoint.reverse());
        analytic[problem.theta.length] *= 1.001; // corrupt ∂J/∂h_0 by 0.1 %
        GradientCheck.Report report = GradientCheck.check(problem.packedLoss(), x, analytic, problem.blocks(),
                GradientCheck.DEFAULT_STEP);
        assertTrue(report.maxRelativeError() > 1e-5, "a 0.1% error must be visible\n" + report.toTable());
    }

    private static void assertMatchesFiniteDifferences(TestProblems.Problem problem, String label) {
        double[] x = problem.pack();
        double[] analytic = problem.adjointGradient(DiscreteAdjoint.reverse());
        GradientCheck.Report report = GradientCheck.check(problem.packedLoss(), x, analytic, problem.blocks(),
                GradientCheck.DEFAULT_STEP);
        WorstErrors.record("finite differences", label, report.maxRelativeError());
        assertTrue(report.maxRelativeError() <= TOLERANCE, label + "\n" + report.toTable());
    }
}
