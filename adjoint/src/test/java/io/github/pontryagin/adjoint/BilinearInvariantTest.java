package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.github.pontryagin.core.field.Activation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code docs/theory.md} §2, check 2: with {@code v_{n+1} = (∂y_{n+1}/∂y_n) v_n} from the tangent pass and {@code p_n}
 * from the discrete adjoint, {@code ⟨p_n, v_n⟩} is the same for every layer, to round-off. Round-off
 * is measured against {@code Σ_q |p_q v_q|}, the size of the terms that are summed.
 */
class BilinearInvariantTest {

    @AfterAll
    static void printWorstError() {
        WorstErrors.print("bilinear invariant");
    }

    private static final double TOLERANCE = 1e-12;

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyTableauFamilyAndActivation")
    void pairingOfAdjointAndTangentIsConservedLayerByLayer(String tableau, String family, Activation activation) {
        TestProblems.Problem problem = TestProblems.Problem.of(tableau, family, activation, 41);
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(problem.flow, problem.m);
        double[] yN = pass.forward(problem.theta, problem.h, problem.y0);
        double[] pN = new double[yN.length];
        problem.headLoss(yN, pN, null);
        double[][] costates = new double[problem.flow.layers() + 1][];
        pass.backward(problem.theta, problem.h, pN, problem.flow.newGradient(problem.m),
                costates);
        double[] v0 = randomVector(yN.length, 5);
        double[][] tangents = TangentFlow.propagate(pass, problem.theta, problem.h, v0, null);
        double reference = dot(costates[problem.flow.layers()], tangents[problem.flow.layers()]);
        double worst = 0;
        for (int n = 0; n < problem.flow.layers(); n++) {
            double pairing = dot(costates[n], tangents[n]);
            double scale = absoluteDot(costates[n], tangents[n]);
            double error = Math.abs(pairing - reference) / scale;
            worst = Math.max(worst, error);
            assertTrue(error <= TOLERANCE, "layer " + n + ": <p_n, v_n> = " + pairing + " but <p_N, v_N> = "
                    + reference + " (relative " + error + ")");
        }
        WorstErrors.record("bilinear invariant", tableau + "/" + family + "/" + activation.id(), worst);
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyTableauFamilyAndActivation")
    void stepSizeGradientPairsWithStepSizeTangent(String tableau, String family, Activation activation) {
        TestProblems.Problem problem = TestProblems.Problem.of(tableau, family, activation, 43);
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(problem.flow, problem.m);
        double[] yN = pass.forward(problem.theta, problem.h, problem.y0);
        double[] pN = new double[yN.length];
        problem.headLoss(yN, pN, null);
        FlowGradient gradient = problem.flow.newGradient(problem.m);
        pass.backward(problem.theta, problem.h, pN, gradient);
        double[] v0 = randomVector(yN.length, 6);
        double[] dh = randomVector(problem.h.length, 7);
        double[][] tangents = TangentFlow.propagate(pass, problem.theta, problem.h, v0, dh);
        double forwardMode = dot(pN, tangents[problem.flow.layers()]);
        double reverseMode = dot(gradient.y0, v0) + dot(gradient.h, dh);
        double scale = absoluteDot(gradient.y0, v0) + absoluteDot(gradient.h, dh);
        assertTrue(Math.abs(forwardMode - reverseMode) <= TOLERANCE * scale,
                "forward-mode " + forwardMode + " vs reverse-mode " + reverseMode);
    }

    static double[] randomVector(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[length];
        for (int q = 0; q < length; q++) {
            v[q] = TestProblems.gaussian(random);
        }
        return v;
    }

    static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int q = 0; q < x.length; q++) {
            sum += x[q] * y[q];
        }
        return sum;
    }

    static double absoluteDot(double[] x, double[] y) {
        double sum = 0;
        for (int q = 0; q < x.length; q++) {
            sum += Math.abs(x[q] * y[q]);
        }
        return sum;
    }
}
