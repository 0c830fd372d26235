package io.github.pontryagin.core.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.util.Binary64;
import org.hipparchus.util.Binary64Field;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every family × activation against automatic differentiation (Hipparchus {@link Gradient})
 * through the family's generic single-point {@code apply}, which is written independently of the
 * hand-derived products. ReLU is included: its derivative is the same branch in both code paths and
 * random pre-activations are never exactly at the kink, so the comparison is exact there too.
 */
class VectorFieldFamiliesTest {

    private static final int M = 5;
    private static final int THETA_OFFSET = 3;
    private static final int GRAD_OFFSET = 7;

    /** Largest error seen per check, printed once so the report can quote it. */
    private static final double[] WORST = new double[5];

    static Stream<Arguments> fields() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation a : Activation.values()) {
            cases.add(Arguments.of(VectorFields.create("sigma-affine", 3, a)));
            cases.add(Arguments.of(VectorFields.create("gradient", 3, a)));
            cases.add(Arguments.of(VectorFields.create("gradient", 3, a, 5, 0.0)));
            cases.add(Arguments.of(VectorFields.create("antisymmetric", 3, a)));
            cases.add(Arguments.of(VectorFields.create("antisymmetric", 4, a, 4, 0.3)));
            cases.add(Arguments.of(VectorFields.create("two-layer", 3, a)));
            cases.add(Arguments.of(VectorFields.create("two-layer", 3, a, 6, 0.0)));
            cases.add(Arguments.of(VectorFields.create("hamiltonian", 4, a)));
            cases.add(Arguments.of(VectorFields.create("hamiltonian", 6, a, 4, 0.0)));
        }
        return cases.stream();
    }

    /** Parameters, states and directions drawn with a seed that depends on the field's description. */
    private static final class Sample {
        final VectorField f;
        final int d;
        final int p;
        final double[] theta;
        final double[] y;
        final double[] v;
        final double[] w;

        Sample(VectorField f) {
            this.f = f;
            this.d = f.dimension();
            this.p = f.parameterCount();
            Random rnd = new Random(f.toString().hashCode());
            theta = new double[THETA_OFFSET + p];
            for (int i = 0; i < p; i++) {
                theta[THETA_OFFSET + i] = 0.8 * rnd.nextGaussian();
            }
            y = gaussian(rnd, d * M);
            v = gaussian(rnd, d * M);
            w = gaussian(rnd, d * M);
        }

        double[] work() {
            return new double[f.workspaceSize(M)];
        }

        /** Jacobians at point k by AD: rows are outputs, columns are θ (first p) then y (next d). */
        double[][] jacobian(int k) {
            int free = p + d;
            GradientField field = GradientField.getField(free);
            Gradient[] th = MathArrays.buildArray(field, THETA_OFFSET + p);
            Arrays.fill(th, field.getZero());
            for (int i = 0; i < p; i++) {
                th[THETA_OFFSET + i] = Gradient.variable(free, i, theta[THETA_OFFSET + i]);
            }
            Gradient[] yk = MathArrays.buildArray(field, d);
            for (int i = 0; i < d; i++) {
                yk[i] = Gradient.variable(free, p + i, y[i * M + k]);
            }
            Gradient[] out = MathArrays.buildArray(field, d);
            f.apply(th, THETA_OFFSET, yk, out);
            double[][] jac = new double[d][];
            for (int i = 0; i < d; i++) {
                jac[i] = out[i].getGradient();
            }
            return jac;
        }
    }

    private static double[] gaussian(Random rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }

    private static double maxAbs(double[] x) {
        double s = 0;
        for (double xi : x) {
            s = Math.max(s, Math.abs(xi));
        }
        return s;
    }

    private static double relativeError(double[] actual, double[] expected) {
        double e = 0;
        for (int i = 0; i < expected.length; i++) {
            e = Math.max(e, Math.abs(actual[i] - expected[i]));
        }
        return e / Math.max(Double.MIN_NORMAL, maxAbs(expected));
    }

    private static void record(int check, double error) {
        synchronized (WORST) {
            WORST[check] = Math.max(WORST[check], error);
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void reportWorstErrors() {
        System.out.printf("worst errors: apply %.2e, vjp state %.2e, vjp params %.2e, jvp %.2e, adjointness %.2e%n",
                WORST[0], WORST[1], WORST[2], WORST[3], WORST[4]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void batchedApplyMatchesGenericApply(VectorField f) {
        Sample s = new Sample(f);
        double[] out = new double[s.d * M];
        f.apply(s.theta, THETA_OFFSET, s.y, M, out, s.work());
        Binary64Field field = Binary64Field.getInstance();
        Binary64[] th = MathArrays.buildArray(field, s.theta.length);
        for (int i = 0; i < th.length; i++) {
            th[i] = new Binary64(s.theta[i]);
        }
        for (int k = 0; k < M; k++) {
            Binary64[] yk = MathArrays.buildArray(field, s.d);
            for (int i = 0; i < s.d; i++) {
                yk[i] = new Binary64(s.y[i * M + k]);
            }
            Binary64[] fk = MathArrays.buildArray(field, s.d);
            f.apply(th, THETA_OFFSET, yk, fk);
            for (int i = 0; i < s.d; i++) {
                double expected = fk[i].getReal();
                double err = Math.abs(out[i * M + k] - expected) / Math.max(1, Math.abs(expected));
                record(0, err);
                int row = i;
                int point = k;
                assertTrue(err <= 1e-14, () -> f + ": f_" + row + " at point " + point
                        + " differs from the generic apply by " + err);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void vjpMatchesAutomaticDifferentiationForEveryFamilyAndActivation(VectorField f) {
        Sample s = new Sample(f);
        double[] stateRef = new double[s.d * M];
        double[] gradRef = new double[s.p];
        for (int k = 0; k < M; k++) {
            double[][] jac = s.jacobian(k);
            for (int r = 0; r < s.d; r++) {
                double vr = s.v[r * M + k];
                for (int q = 0; q < s.p; q++) {
                    gradRef[q] += vr * jac[r][q];
                }
                for (int i = 0; i < s.d; i++) {
                    stateRef[i * M + k] += vr * jac[r][s.p + i];
                }
            }
        }
        double[] stateOut = new double[s.d * M];
        double[] gradOut = new double[GRAD_OFFSET + s.p];
        f.vjp(s.theta, THETA_OFFSET, s.y, s.v, M, stateOut, gradOut, GRAD_OFFSET, s.work());
        double stateErr = relativeError(stateOut, stateRef);
        double gradErr = relativeError(Arrays.copyOfRange(gradOut, GRAD_OFFSET, GRAD_OFFSET + s.p), gradRef);
        record(1, stateErr);
        record(2, gradErr);
        assertTrue(stateErr <= 1e-12, () -> f + ": (∂f/∂y)ᵀv relative error " + stateErr);
        assertTrue(gradErr <= 1e-12, () -> f + ": (∂f/∂θ)ᵀv relative error " + gradErr);
        for (int i = 0; i < GRAD_OFFSET; i++) {
            assertEquals(0.0, gradOut[i], f + ": vjp wrote before gradOffset at " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void jvpMatchesAutomaticDifferentiationForEveryFamilyAndActivation(VectorField f) {
        Sample s = new Sample(f);
        double[] ref = new double[s.d * M];
        for (int k = 0; k < M; k++) {
            double[][] jac = s.jacobian(k);
            for (int i = 0; i < s.d; i++) {
                double sum = 0;
                for (int j = 0; j < s.d; j++) {
                    sum += jac[i][s.p + j] * s.w[j * M + k];
                }
                ref[i * M + k] = sum;
            }
        }
        double[] out = new double[s.d * M];
        f.jvp(s.theta, THETA_OFFSET, s.y, s.w, M, out, s.work());
        double err = relativeError(out, ref);
        record(3, err);
        assertTrue(err <= 1e-12, () -> f + ": (∂f/∂y)w relative error " + err);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void jvpAndVjpAreAdjoint(VectorField f) {
        Sample s = new Sample(f);
        double[] jw = new double[s.d * M];
        double[] jtv = new double[s.d * M];
        f.jvp(s.theta, THETA_OFFSET, s.y, s.w, M, jw, s.work());
        f.vjp(s.theta, THETA_OFFSET, s.y, s.v, M, jtv, null, 0, s.work());
        double left = 0;
        double right = 0;
        double scale = 0;
        for (int i = 0; i < s.d * M; i++) {
            left += s.v[i] * jw[i];
            right += jtv[i] * s.w[i];
            scale += Math.abs(s.v[i] * jw[i]) + Math.abs(jtv[i] * s.w[i]);
        }
        double err = Math.abs(left - right) / Math.max(Double.MIN_NORMAL, scale);
        record(4, err);
        assertTrue(err <= 1e-13, () -> f + ": <v, Jw> - <Jᵀv, w> relative to the sum of |terms| is " + err);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void vjpAccumulatesIntoGradOutInsteadOfOverwriting(VectorField f) {
        Sample s = new Sample(f);
        double[] fresh = new double[s.p];
        f.vjp(s.theta, THETA_OFFSET, s.y, s.v, M, null, fresh, 0, s.work());
        assertTrue(maxAbs(fresh) > 0, f + ": parameter gradient is identically zero, the check would be vacuous");
        double[] prior = gaussian(new Random(11), s.p);
        double[] gradOut = prior.clone();
        f.vjp(s.theta, THETA_OFFSET, s.y, s.v, M, null, gradOut, 0, s.work());
        f.vjp(s.theta, THETA_OFFSET, s.y, s.v, M, null, gradOut, 0, s.work());
        for (int q = 0; q < s.p; q++) {
            double expected = prior[q] + 2 * fresh[q];
            assertEquals(expected, gradOut[q], 1e-13 * Math.max(1, Math.abs(expected)),
                    f + ": gradOut[" + q + "] after two accumulating calls");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void methodsIgnoreArrayTailsAndReuseDirtyWorkspace(VectorField f) {
        Sample s = new Sample(f);
        int n = s.d * M;
        double[] applyRef = new double[n];
        double[] stateRef = new double[n];
        double[] gradRef = new double[s.p];
        double[] jvpRef = new double[n];
        f.apply(s.theta, THETA_OFFSET, s.y, M, applyRef, s.work());
        f.vjp(s.theta, THETA_OFFSET, s.y, s.v, M, stateRef, gradRef, 0, s.work());
        f.jvp(s.theta, THETA_OFFSET, s.y, s.w, M, jvpRef, s.work());

        int tail = 9;
        double[] y = Arrays.copyOf(s.y, n + tail);
        double[] v = Arrays.copyOf(s.v, n + tail);
        double[] w = Arrays.copyOf(s.w, n + tail);
        Arrays.fill(y, n, n + tail, Double.NaN);
        Arrays.fill(v, n, n + tail, Double.NaN);
        Arrays.fill(w, n, n + tail, Double.NaN);
        double[] theta = Arrays.copyOf(s.theta, s.theta.length + tail);
        Arrays.fill(theta, s.theta.length, theta.length, Double.NaN);
        double[] work = new double[f.workspaceSize(M) + tail];
        double sentinel = -12345.0;
        for (int round = 0; round < 2; round++) {
            Arrays.fill(work, Double.NaN);
            double[] out = filled(n + tail, sentinel);
            f.apply(theta, THETA_OFFSET, y, M, out, work);
            assertArrayEquals(applyRef, Arrays.copyOf(out, n), 0.0, f + ": apply with long arrays, round " + round);
            assertTail(out, n, sentinel, f + ": apply");

            double[] state = filled(n + tail, sentinel);
            double[] grad = filled(s.p + tail, 0.0);
            Arrays.fill(grad, s.p, s.p + tail, sentinel);
            f.vjp(theta, THETA_OFFSET, y, v, M, state, grad, 0, work);
            assertArrayEquals(stateRef, Arrays.copyOf(state, n), 0.0, f + ": vjp state with long arrays");
            assertArrayEquals(gradRef, Arrays.copyOf(grad, s.p), 0.0, f + ": vjp params with long arrays");
            assertTail(state, n, sentinel, f + ": vjp stateOut");
            assertTail(grad, s.p, sentinel, f + ": vjp gradOut");

            double[] jv = filled(n + tail, sentinel);
            f.jvp(theta, THETA_OFFSET, y, w, M, jv, work);
            assertArrayEquals(jvpRef, Arrays.copyOf(jv, n), 0.0, f + ": jvp with long arrays, round " + round);
            assertTail(jv, n, sentinel, f + ": jvp");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void vjpStateAndParameterProductsAreIndependentOfEachOther(VectorField f) {
        Sample s = new Sample(f);
        int n = s.d * M;
        double[] stateBoth = new double[n];
        double[] gradBoth = new double[s.p];
        f.vjp(s.theta, THETA_OFFSET, s.y, s.v, M, stateBoth, gradBoth, 0, s.work());
        double[] stateOnly = filled(n, 99.0);
        f.vjp(s.theta, THETA_OFFSET, s.y, s.v, M, stateOnly, null, 0, s.work());
        double[] gradOnly = new double[s.p];
        f.vjp(s.theta, THETA_OFFSET, s.y, s.v, M, null, gradOnly, 0, s.work());
        assertArrayEquals(stateBoth, stateOnly, 0.0, f + ": stateOut must be overwritten, same with gradOut null");
        assertArrayEquals(gradBoth, gradOnly, 0.0, f + ": gradOut must not depend on stateOut being requested");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void parameterBlocksTileTheParameterVector(VectorField f) {
        int next = 0;
        for (ParameterBlock b : f.parameterBlocks()) {
            assertEquals(next, b.offset(), f + ": block " + b.name() + " must start where the previous ended");
            next += b.size();
        }
        assertEquals(f.parameterCount(), next, f + ": blocks must cover exactly parameterCount() values");
    }

    private static double[] filled(int n, double value) {
        double[] x = new double[n];
        Arrays.fill(x, value);
        return x;
    }

    private static void assertTail(double[] x, int from, double sentinel, String what) {
        for (int i = from; i < x.length; i++) {
            assertEquals(sentinel, x[i], what + " wrote past d·m at index " + i);
        }
    }
}
