package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pontryagin.core.field.Activation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tangent pass along a parameter perturbation δθ (with δy_0 and δh) against the discrete adjoint: the
 * forward-mode derivative {@code ⟨p_N, v_N⟩} equals the reverse-mode pairing
 * {@code ⟨p_0, δy_0⟩ + ⟨∂J/∂h, δh⟩ + ⟨∂J/∂θ, δθ⟩} to round-off, for every tableau, field family and activation.
 * The two sides come from independent code: the parameter part of the tangent differentiates each field's
 * single-point formula in forward mode, the adjoint uses the hand-written vector–Jacobian products.
 */
class ParameterTangentTest {

    private static final double TOLERANCE = 1e-12;

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("io.github.pontryagin.adjoint.TestProblems#everyTableauFamilyAndActivation")
    void parameterTangentPairsWithTheAdjointGradient(String tableau, String family, Activation activation) {
        TestProblems.Problem problem = TestProblems.Problem.of(tableau, family, activation, 47);
        DiscretePass pass = DiscreteAdjoint.reverse().newPass(problem.flow, problem.m);
        double[] yN = pass.forward(problem.theta, problem.h, problem.y0);
        double[] pN = new double[yN.length];
        problem.headLoss(yN, pN, null);
        FlowGradient gradient = problem.flow.newGradient(problem.m);
        pass.backward(problem.theta, problem.h, pN, gradient);
        double[] v0 = BilinearInvariantTest.randomVector(yN.length, 8);
        double[] dh = BilinearInvariantTest.randomVector(problem.h.length, 9);
        double[] dtheta = BilinearInvariantTest.randomVector(problem.theta.length, 10);
        double[][] tangents = TangentFlow.propagate(pass, problem.theta, problem.h, v0, dh, dtheta);
        double forwardMode = dot(pN, tangents[problem.flow.layers()]);
        double reverseMode = dot(gradient.y0, v0) + dot(gradient.h, dh) + dot(gradient.theta, dtheta);
        double scale = absoluteDot(gradient.y0, v0) + absoluteDot(gradient.h, dh)
                + absoluteDot(gradient.theta, dtheta);
        assertTrue(Math.abs(forwardMode - reverseMode) <= TOLERANCE * scale,
                "forward-mode " + forwardMode + " vs reverse-mode " + reverseMode);
        // without δθ the parameter part must vanish: the δθ-free tangent differs by the θ pairing
        double[][] withoutTheta = TangentFlow.propagate(pass, problem.theta, problem.h, v0, dh, null);
        double difference = forwardMode - dot(pN, withoutTheta[problem.flow.layers()]);
        assertTrue(Math.abs(difference - dot(gradient.theta, dtheta)) <= TOLERANCE * scale,
                "the parameter part of the tangent is " + difference + ", the adjoint says "
                        + dot(gradient.theta, dtheta));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double absoluteDot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] * b[i]);
        }
        return s;
    }
}
