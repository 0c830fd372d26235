package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.tableau.Tableau;
import org.hipparchus.analysis.differentiation.FieldGradient;
import org.hipparchus.analysis.differentiation.Gradient;
import org.junit.jupiter.api.Test;

/**
 * The second-order adjoint's Hessian–vector products of the paper's loss {@code (1/2M) Σ (η(wᵀy_N + μ) − c)²}
 * with respect to (θ, h, y_0): against a second-order automatic-differentiation oracle (Hipparchus
 * {@link FieldGradient} over {@link Gradient}: the gradient of J at {@code u + εv}, differentiated in ε) to 1e-10,
 * against central differences of the adjoint gradient to 1e-6, and symmetric
 * ({@code ⟨a, Hb⟩ = ⟨b, Ha⟩}) to round-off, for every tableau and field family and the Net layer.
 */
class SecondOrderAdjointTest {

    private static final int D = 2;
    private static final int M = 2;
    private static final int LAYERS = 3;

    private record Problem(DiscreteFlow flow, double[] theta, double[] h, double[] y0, double[] w, double mu,
                           int[] labels) {

        static Problem random(LayerUpdate update, VectorField field, long seed) {
            Random random = new Random(seed);
            DiscreteFlow flow = new DiscreteFlow(update, field, LAYERS);
            return new Problem(flow, OracleSupport.gaussian(random, flow.parameterCount(), 0.5),
                    OracleSupport.uniform(random, LAYERS, 0.05, 0.3), OracleSupport.gaussian(random, D * M, 1.0),
                    OracleSupport.gaussian(random, D, 1.0), 0.3 * random.nextGaussian(), new int[] {0, 1});
        }

        int size() {
            return theta.length + h.length + y0.length;
        }
    }

    /** Gradient and Hessian–vector product of J in (θ, h, y_0) by the second-order adjoint. */
    private static double[][] secondOrderAdjoint(Problem problem, double[] direction) {
        DiscreteFlow flow = problem.flow();
        int nt = problem.theta().length;
        double[] dtheta = java.util.Arrays.copyOfRange(direction, 0, nt);
        double[] dh = java.util.Arrays.copyOfRange(direction, nt, nt + LAYERS);
        double[] v0 = java.util.Arrays.copyOfRange(direction, nt + LAYERS, direction.length);
        DiscretePass pass = DiscreteAdjoint.reverse().checkpointEvery(2).newPass(flow, M);
        double[] yN = pass.forward(problem.theta(), problem.h(), problem.y0());
        double[] vN = TangentFlow.propagate(pass, problem.theta(), problem.h(), v0, dh, dtheta)[LAYERS];
        double[] pN = new double[D * M];
        double[] dpN = new double[D * M];
        for (int k = 0; k < M; k++) {
            double z = problem.mu();
            double dz = 0;
            for (int i = 0; i < D; i++) {
                z += problem.w()[i] * yN[i * M + k];
                dz += problem.w()[i] * vN[i * M + k];
            }
            double c = Activation.logistic(z);
            double s = c * (1 - c);
            double first = (c - problem.labels()[k]) * s / M;
            double second = (s * s + (c - problem.labels()[k]) * s * (1 - 2 * c)) / M;
            for (int i = 0; i < D; i++) {
                pN[i * M + k] = first * problem.w()[i];
                dpN[i * M + k] = second * dz * problem.w()[i];
            }
        }
        FlowGradient gradient = flow.newGradient(M);
        FlowGradient tangent = flow.newGradient(M);
        SecondOrderAdjoint.propagate(pass, problem.theta(), problem.h(), v0, dh, dtheta, pN, dpN, gradient, tangent);
        return new double[][] {concat(gradient), concat(tangent)};
    }

    private static double[] concat(FlowGradient g) {
        double[] all = new double[g.theta.length + g.h.length + g.y0.length];
        System.arraycopy(g.theta, 0, all, 0, g.theta.length);
        System.arraycopy(g.h, 0, all, g.theta.length, g.h.length);
        System.arraycopy(g.y0, 0, all, g.theta.length + g.h.length, g.y0.length);
        return all;
    }

    /** The oracle: J over FieldGradient&lt;Gradient&gt;, variables (θ, h, y_0) moved by ε along the direction. */
    @SuppressWarnings("unchecked")
    private static double[][] oracle(Problem problem, Tableau tableau, double[] direction) {
        VectorField field = problem.flow().field();
        int n = problem.size();
        int nt = problem.theta().length;
        int p = field.parameterCount();
        FieldGradient<Gradient>[] u = (FieldGradient<Gradient>[]) new FieldGradient[n];
        double[] values = new double[n];
        System.arraycopy(problem.theta(), 0, values, 0, nt);
        System.arraycopy(problem.h(), 0, values, nt, LAYERS);
        System.arraycopy(problem.y0(), 0, values, nt + LAYERS, D * M);
        for (int q = 0; q < n; q++) {
            Gradient[] partials = new Gradient[n];
            for (int r = 0; r < n; r++) {
                partials[r] = Gradient.constant(1, r == q ? 1.0 : 0.0);
            }
            u[q] = new FieldGradient<>(new Gradient(values[q], direction[q]), partials);
        }
        FieldGradient<Gradient> zero = u[0].getField().getZero();
        FieldGradient<Gradient> loss = zero;
        for (int k = 0; k < M; k++) {
            FieldGradient<Gradient>[] y = (FieldGradient<Gradient>[]) new FieldGradient[D];
            for (int i = 0; i < D; i++) {
                y[i] = u[nt + LAYERS + i * M + k];
            }
            for (int layer = 0; layer < LAYERS; layer++) {
                FieldGradient<Gradient>[] next = (FieldGradient<Gradient>[]) new FieldGradient[D];
                FieldGradient<Gradient>[] thetaLayer = java.util.Arrays.copyOfRange(u, layer * p, (layer + 1) * p);
                if (tableau == null) {
                    field.apply(thetaLayer, 0, y, next);
                    y = next;
                    continue;
                }
                FieldGradient<Gradient> h = u[nt + layer];
                int s = tableau.stages();
                FieldGradient<Gradient>[][] slopes = (FieldGradient<Gradient>[][]) new FieldGradient[s][D];
                for (int i = 0; i < s; i++) {
                    FieldGradient<Gradient>[] stage = y.clone();
                    for (int j = 0; j < i; j++) {
                        double aij = tableau.a(i, j);
                        if (aij != 0) {
                            for (int r = 0; r < D; r++) {
                                stage[r] = stage[r].add(h.multiply(slopes[j][r]).multiply(aij));
                            }
                        }
                    }
                    field.apply(thetaLayer, 0, stage, slopes[i]);
                }
                for (int r = 0; r < D; r++) {
                    FieldGradient<Gradient> increment = zero;
                    for (int i = 0; i < s; i++) {
                        increment = increment.add(slopes[i][r].multiply(tableau.b(i)));
                    }
                    next[r] = y[r].add(h.multiply(increment));
                }
                y = next;
            }
            FieldGradient<Gradient> z = zero.add(problem.mu());
            for (int i = 0; i < D; i++) {
                z = z.add(y[i].multiply(problem.w()[i]));
            }
            FieldGradient<Gradient> c = z.negate().exp().add(1).reciprocal();
            FieldGradient<Gradient> r = c.subtract(problem.labels()[k]);
            loss = loss.add(r.multiply(r));
        }
        loss = loss.divide(2.0 * M);
        double[] gradient = new double[n];
        double[] hessianTimes = new double[n];
        for (int q = 0; q < n; q++) {
            Gradient partial = loss.getPartialDerivative(q);
            gradient[q] = partial.getValue();
            hessianTimes[q] = partial.getGradient()[0];
        }
        return new double[][] {gradient, hessianTimes};
    }

    @Test
    void hessianVectorProductsMatchTheOracleDifferencesAndAreSymmetricForEveryTableauAndFamily() {
        int cases = 0;
        for (Tableau tableau : Tableau.all()) {
            for (String family : VectorFields.families()) {
                VectorField field = VectorFields.create(family, D, Activation.TANH);
                check(tableau.name() + " / " + family, Problem.random(LayerUpdate.rungeKutta(tableau), field,
                        100L * cases + 3), tableau);
                cases++;
            }
        }
        for (String family : VectorFields.families()) {
            VectorField field = VectorFields.create(family, D, Activation.SOFTPLUS);
            check("plain / " + family, Problem.random(LayerUpdate.plain(), field, 7L * cases + 1), null);
            cases++;
        }
        assertEquals((Tableau.all().size() + 1) * VectorFields.families().size(), cases);
    }

    private static void check(String label, Problem problem, Tableau tableau) {
        int n = problem.size();
        Random random = new Random(label.hashCode());
        double[] a = OracleSupport.gaussian(random, n, 1.0);
        double[] b = OracleSupport.gaussian(random, n, 1.0);
        double[][] adjoint = secondOrderAdjoint(problem, a);
        double[][] exact = oracle(problem, tableau, a);
        double scale = OracleSupport.maxAbs(exact[1]);
        assertTrue(scale > 1e-6, label + ": the oracle's Hessian-vector product is too small to compare");
        assertTrue(OracleSupport.maxAbsDifference(exact[0], adjoint[0]) <= 1e-10 * OracleSupport.maxAbs(exact[0]),
                label + ": gradient differs from the oracle");
        double error = OracleSupport.maxAbsDifference(exact[1], adjoint[1]) / scale;
        assertTrue(error <= 1e-10, label + ": Hessian-vector product differs from the oracle by " + error);
        // symmetry ⟨b, Ha⟩ = ⟨a, Hb⟩
        double[][] other = secondOrderAdjoint(problem, b);
        double left = dot(b, adjoint[1]);
        double right = dot(a, other[1]);
        assertEquals(left, right, 1e-12 * (absoluteDot(b, adjoint[1]) + absoluteDot(a, other[1])),
                label + ": <b, Ha> != <a, Hb>");
        // central differences of the adjoint gradient along a
        double epsilon = 1e-5;
        double[] plus = shifted(problem, a, epsilon);
        double[] minus = shifted(problem, a, -epsilon);
        double worst = 0;
        for (int q = 0; q < n; q++) {
            double difference = (plus[q] - minus[q]) / (2 * epsilon);
            worst = Math.max(worst, Math.abs(difference - adjoint[1][q]));
        }
        assertTrue(worst <= 1e-6 * scale, label + ": Hessian-vector product differs from central differences by "
                + worst / scale);
    }

    /** The adjoint gradient at (θ, h, y_0) + ε·direction. */
    private static double[] shifted(Problem problem, double[] direction, double epsilon) {
        int nt = problem.theta().length;
        double[] theta = problem.theta().clone();
        double[] h = problem.h().clone();
        double[] y0 = problem.y0().clone();
        for (int q = 0; q < nt; q++) {
            theta[q] += epsilon * direction[q];
        }
        for (int q = 0; q < LAYERS; q++) {
            h[q] += epsilon * direction[nt + q];
        }
        for (int q = 0; q < y0.length; q++) {
            y0[q] += epsilon * direction[nt + LAYERS + q];
        }
        Problem moved = new Problem(problem.flow(), theta, h, y0, problem.w(), problem.mu(), problem.labels());
        return secondOrderAdjoint(moved, new double[problem.size()])[0];
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
