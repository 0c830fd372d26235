package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * {@code docs/theory.md} §2, check 3: the discrete adjoint against an independent oracle. The same discrete loss
 * (paper head and loss on {@code y_N}) is differentiated by Hipparchus forward-mode automatic
 * differentiation ({@link Gradient}, one free parameter per entry of θ, h and y₀), with the
 * Runge–Kutta layers written out here on single points and the field's generic single-point
 * {@code apply}; none of the batched forward, vjp or adjoint code is involved in the oracle.
 */
class AutomaticDifferentiationOracleTest {

    private static final int D = 4;
    /** 2L + 3 for L = 8 lanes: full vectors and a tail in every batch loop of the SIMD kernels. */
    private static final int M = TestProblems.BATCH;
    private static final int LAYERS = 4;
    private static final double TOLERANCE = 1e-10;
    /** Below this the oracle's gradient block would be too small for the comparison to mean anything. */
    private static final double NON_TRIVIAL = 1e-6;
    private static final List<Activation> ACTIVATIONS = List.of(Activation.TANH, Activation.SOFTPLUS,
            Activation.SIGMOID);

    /** Gradient blocks of J with respect to θ (all layers), h and y₀. */
    private record Blocks(double[] theta, double[] h, double[] y0) {
    }

    /** A seeded random problem: parameters, step sizes, inputs and the loss head. */
    private record Problem(double[] theta, double[] h, double[] y0, OracleSupport.PaperLoss loss) {

        static Problem random(VectorField field, long seed) {
            Random random = new Random(seed);
            double[] theta = OracleSupport.gaussian(random, LAYERS * field.parameterCount(), 0.5);
            double[] h = OracleSupport.uniform(random, LAYERS, 0.05, 0.3);
            double[] y0 = OracleSupport.gaussian(random, field.dimension() * M, 1.0);
            return new Problem(theta, h, y0, OracleSupport.PaperLoss.random(random, field.dimension(), M));
        }
    }

    @Test
    void adjointMatchesAutomaticDifferentiationForEveryTableauAndFamily() {
        int cases = 0;
        for (Tableau tableau : Tableau.all()) {
            double worst = 0;
            String worstCase = "";
            for (String family : VectorFields.families()) {
                for (Activation activation : ACTIVATIONS) {
                    VectorField field = VectorFields.create(family, D, activation);
                    String label = tableau.name() + " / " + family + " / " + activation.id();
                    Problem problem = Problem.random(field, 1000L * cases + 17);
                    Blocks oracle = automaticDifferentiation(tableau, field, true, problem);
                    DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(tableau), field, LAYERS);
                    assertNonTrivial(label, oracle, true);
                    double error = compare(label + " / reverse form", oracle,
                            adjoint(flow, problem, DiscreteAdjoint.reverse()));
                    if (tableau.hasNonZeroWeights()) {
                        error = Math.max(error, compare(label + " / SPRK form", oracle,
                                adjoint(flow, problem, DiscreteAdjoint.sprk())));
                    }
                    if (error >= worst) {
                        worst = error;
                        worstCase = family + " / " + activation.id();
                    }
                    cases++;
                }
            }
            System.out.printf("AD oracle  %-16s worst relative error %.2e  (%s)%n", tableau.name(), worst, worstCase);
        }
        assertEquals(Tableau.all().size() * VectorFields.families().size() * ACTIVATIONS.size(), cases);
    }

    @Test
    void netBaselineWithoutSkipConnectionMatchesAutomaticDifferentiation() {
        int cases = 0;
        for (String family : VectorFields.families()) {
            for (Activation activation : ACTIVATIONS) {
                VectorField field = VectorFields.create(family, D, activation);
                String label = "no-skip Net / " + family + " / " + activation.id();
                Problem problem = Problem.random(field, 7919L * cases + 3);
                Blocks oracle = automaticDifferentiation(Tableau.euler(), field, false, problem);
                assertNonTrivial(label, oracle, false);
                assertTrue(OracleSupport.maxAbs(oracle.h()) == 0,
                        label + ": the oracle's h gradient must be exactly 0, got " + Arrays.toString(oracle.h()));
                DiscreteFlow flow = new DiscreteFlow(LayerUpdate.plain(), field, LAYERS);
                Blocks adjoint = adjoint(flow, problem, DiscreteAdjoint.reverse());
                assertTrue(OracleSupport.maxAbs(adjoint.h()) == 0,
                        label + ": ∂J/∂h must be exactly 0 without skip connection, got "
                                + Arrays.toString(adjoint.h()));
                double error = compare(label, oracle, adjoint);
                System.out.printf("AD oracle  %-16s %-14s %-9s relative error %.2e%n", "no-skip Net", family,
                        activation.id(), error);
                cases++;
            }
        }
        assertEquals(VectorFields.families().size() * ACTIVATIONS.size(), cases);
    }

    private static void assertNonTrivial(String label, Blocks oracle, boolean withSteps) {
        assertTrue(OracleSupport.maxAbs(oracle.theta()) > NON_TRIVIAL,
                label + ": oracle ∂J/∂θ is negligible (max " + OracleSupport.maxAbs(oracle.theta())
                        + "), the comparison would prove nothing");
        assertTrue(OracleSupport.maxAbs(oracle.y0()) > NON_TRIVIAL,
                label + ": oracle ∂J/∂y0 is negligible (max " + OracleSupport.maxAbs(oracle.y0()) + ")");
        if (withSteps) {
            assertTrue(OracleSupport.maxAbs(oracle.h()) > NON_TRIVIAL,
                    label + ": oracle ∂J/∂h is negligible (max " + OracleSupport.maxAbs(oracle.h()) + ")");
        }
    }

    /** Asserts every block within tolerance; returns the largest block error. */
    private static double compare(String label, Blocks oracle, Blocks adjoint) {
        double theta = OracleSupport.blockError(oracle.theta(), adjoint.theta());
        double h = OracleSupport.blockError(oracle.h(), adjoint.h());
        double y0 = OracleSupport.blockError(oracle.y0(), adjoint.y0());
        assertTrue(theta <= TOLERANCE, label + ": ∂J/∂θ differs from automatic differentiation by " + theta
                + " (relative), tolerance " + TOLERANCE);
        assertTrue(h <= TOLERANCE, label + ": ∂J/∂h differs from automatic differentiation by " + h
                + " (relative), tolerance " + TOLERANCE + "; oracle " + Arrays.toString(oracle.h()) + ", adjoint "
                + Arrays.toString(adjoint.h()));
        assertTrue(y0 <= TOLERANCE, label + ": ∂J/∂y0 differs from automatic differentiation by " + y0
                + " (relative), tolerance " + TOLERANCE);
        return Math.max(theta, Math.max(h, y0));
    }

    /** The batched forward pass and discrete adjoint under test. */
    private static Blocks adjoint(DiscreteFlow flow, Problem problem, Adjoint adjoint) {
        GradientPass pass = adjoint.newPass(flow, M);
        double[] yN = pass.forward(problem.theta(), problem.h(), problem.y0());
        double[] pN = problem.loss().gradient(yN);
        FlowGradient gradient = flow.newGradient(M);
        pass.backward(problem.theta(), problem.h(), pN, gradient);
        return new Blocks(gradient.theta.clone(), gradient.h.clone(), gradient.y0.clone());
    }

    /**
     * The oracle: forward-mode AD of J through the layers, written out point by point on
     * {@link Gradient} values. Variables: θ (index {@code 0 .. NP}), then h, then y₀ (feature-major).
     */
    private static Blocks automaticDifferentiation(Tableau tableau, VectorField field, boolean skipConnection,
                                                   Problem problem) {
        int d = field.dimension();
        int parameters = field.parameterCount();
        int thetaCount = LAYERS * parameters;
        int variables = thetaCount + LAYERS + d * M;
        GradientField gradientField = GradientField.getField(variables);
        Gradient[] theta = MathArrays.buildArray(gradientField, thetaCount);
        for (int q = 0; q < thetaCount; q++) {
            theta[q] = Gradient.variable(variables, q, problem.theta()[q]);
        }
        Gradient[] h = MathArrays.buildArray(gradientField, LAYERS);
        for (int n = 0; n < LAYERS; n++) {
            h[n] = Gradient.variable(variables, thetaCount + n, problem.h()[n]);
        }
        int s = tableau.stages();
        Gradient[][] finalStates = MathArrays.buildArray(gradientField, M, d);
        for (int k = 0; k < M; k++) {
            Gradient[] y = MathArrays.buildArray(gradientField, d);
            for (int i = 0; i < d; i++) {
                y[i] = Gradient.variable(variables, thetaCount + LAYERS + i * M + k, problem.y0()[i * M + k]);
            }
            for (int n = 0; n < LAYERS; n++) {
                int offset = n * parameters;
                Gradient[] next = MathArrays.buildArray(gradientField, d);
                if (!skipConnection) {
                    field.apply(theta, offset, y, next);
                    y = next;
                    continue;
                }
                Gradient[][] slopes = MathArrays.buildArray(gradientField, s, d);
                for (int i = 0; i < s; i++) {
                    Gradient[] stage = y.clone();
                    for (int j = 0; j < i; j++) {
                        double aij = tableau.a(i, j);
                        if (aij != 0) {
                            for (int r = 0; r < d; r++) {
                                stage[r] = stage[r].add(h[n].multiply(slopes[j][r]).multiply(aij));
                            }
                        }
                    }
                    field.apply(theta, offset, stage, slopes[i]);
                }
                for (int r = 0; r < d; r++) {
                    Gradient increment = gradientField.getZero();
                    for (int i = 0; i < s; i++) {
                        increment = increment.add(slopes[i][r].multiply(tableau.b(i)));
                    }
                    next[r] = y[r].add(h[n].multiply(increment));
                }
                y = next;
            }
            finalStates[k] = y;
        }
        Gradient loss = problem.loss().value(finalStates);
        assertEquals(problem.loss().value(flowFinalState(tableau, field, skipConnection, problem)), loss.getValue(),
                1e-13, tableau.name() + " / " + field + ": the oracle's loss value disagrees with the batched flow");
        double[] all = loss.getGradient();
        return new Blocks(Arrays.copyOfRange(all, 0, thetaCount), Arrays.copyOfRange(all, thetaCount,
                thetaCount + LAYERS), Arrays.copyOfRange(all, thetaCount + LAYERS, variables));
    }

    private static double[] flowFinalState(Tableau tableau, VectorField field, boolean skipConnection,
                                           Problem problem) {
        DiscreteFlow flow = skipConnection ? new DiscreteFlow(LayerUpdate.rungeKutta(tableau), field, LAYERS)
                : new DiscreteFlow(LayerUpdate.plain(), field, LAYERS);
        return flow.solve(problem.theta(), problem.h(), problem.y0(), M);
    }
}
