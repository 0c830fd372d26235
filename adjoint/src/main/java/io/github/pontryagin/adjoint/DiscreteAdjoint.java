package io.github.pontryagin.adjoint;

import java.util.Arrays;

import io.github.pontryagin.core.kernel.DenseKernels;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.tableau.Tableau;

/**
 * The discrete adjoint of a {@link RungeKuttaFlow}: exact gradients of a loss {@code J(y_N)} with
 * respect to {@code θ_n}, {@code h_n} and {@code y_0}, walking the layers backwards from
 * {@code p_N = ∂J/∂y_N} (SPEC §2; seed 002, Celledoni et al.; Hager 2000, Sanz-Serna 2016).
 *
 * <p><b>Reverse form</b> ({@link Form#REVERSE}, valid for every explicit tableau, also {@code b_i = 0}),
 * per layer with {@code p⁺ = p_{n+1}}:
 * <pre>
 *   for i = s..1:  ν_i = h b_i p⁺ + h Σ_{j&gt;i} a_ji w_j,   w_i = ∂_y f(Y_i)ᵀ ν_i,   ∂J/∂θ_n += ∂_θ f(Y_i)ᵀ ν_i
 *   p_n = p⁺ + Σ_i w_i,      ∂J/∂h_n = Σ_i b_i ⟨p⁺, K_i⟩ + Σ_i Σ_{j&lt;i} a_ij ⟨w_i, K_j⟩
 * </pre>
 * <b>SPRK form</b> ({@link Form#SPRK}, needs every {@code b_i ≠ 0}), the seed's symplectic
 * partitioned Runge–Kutta method with {@code ℓ_i = −∂_y f(Y_i)ᵀ P_i}:
 * <pre>
 *   P_i = p_{n+1} − h Σ_k (a_ki b_k / b_i) ℓ_k,   p_n = p_{n+1} − h Σ_i b_i ℓ_i,
 *   ∂J/∂θ_n = h Σ_i b_i ∂_θ f(Y_i)ᵀ P_i,            ∂J/∂h_n = Σ_i b_i ⟨P_i, K_i⟩.
 * </pre>
 * (Solving the seed's {@code p_{n+1} = p_n + h Σ b_i ℓ_i} for {@code p_n}; the two forms are the same
 * method, related by {@code ν_i = h b_i P_i}, {@code w_i = −h b_i ℓ_i}.) Both reuse the stages stored
 * by the forward pass, or recompute them segment by segment from checkpoints.
 */
public final class DiscreteAdjoint {

    /** Which of the two algebraically equivalent forms to evaluate. */
    public enum Form {
        /** Reverse-mode form, valid for every explicit tableau. The default. */
        REVERSE,
        /** The seed's symplectic partitioned RK form; rejects tableaux with some {@code b_i = 0}. */
        SPRK
    }

    private DiscreteAdjoint() {
    }

    /**
     * Reverse-form backward pass; see {@link #backward(Trajectory, double[], FlowGradient, Form, double[][])}.
     */
    public static void backward(Trajectory trajectory, double[] pN, FlowGradient gradient) {
        backward(trajectory, pN, gradient, Form.REVERSE, null);
    }

    /**
     * Walks the layers backwards from {@code pN = ∂J/∂y_N}, overwriting {@code gradient}.
     * The parameter and step-size arrays passed to the forward pass must not have been modified since.
     *
     * @param trajectory filled by {@link RungeKuttaFlow#forward}
     * @param pN         ∂J/∂y_N, feature-major {@code d × M}
     * @param gradient   output, from {@link RungeKuttaFlow#newGradient(int)}
     * @param form       reverse form or the seed's SPRK form
     * @param costates   if not null, an array of {@code N + 1} arrays of length {@code d·M} that receive
     *                   {@code p_0 … p_N} (for the bilinear-invariant check)
     */
    public static void backward(Trajectory trajectory, double[] pN, FlowGradient gradient, Form form,
                                double[][] costates) {
        if (trajectory == null || !trajectory.complete) {
            throw new IllegalStateException("run RungeKuttaFlow.forward on this trajectory before the backward pass");
        }
        RungeKuttaFlow flow = trajectory.flow;
        int m = trajectory.m;
        int dm = flow.dimension() * m;
        if (pN == null || pN.length != dm) { // the message is only built on failure: no allocation per call
            RungeKuttaFlow.requireLength("adjoint seed pN", pN, dm, "d × M = " + flow.dimension() + " × " + m);
        }
        if (gradient == null || gradient.theta.length != flow.parameterCount() || gradient.y0.length != dm) {
            throw new IllegalArgumentException("gradient must be created by flow.newGradient(" + m + ")");
        }
        for (int q = 0; q < dm; q++) {
            if (!Double.isFinite(pN[q])) {
                throw new IllegalArgumentException("adjoint seed pN[" + q + "] is " + pN[q] + "; it must be finite");
            }
        }
        if (costates != null && costates.length != flow.layers() + 1) {
            throw new IllegalArgumentException("costates must have N + 1 = " + (flow.layers() + 1)
                    + " rows, got " + costates.length);
        }
        Tableau tableau = flow.tableau();
        if (form == Form.SPRK && flow.hasSkipConnection()) {
            tableau.partner(); // rejects b_i = 0 with a message naming the weight
        }
        double[] theta = trajectory.forwardTheta;
        double[] h = trajectory.forwardH;
        Arrays.fill(gradient.theta, 0.0);
        Arrays.fill(gradient.h, 0.0);
        double[] p = trajectory.costate;
        System.arraycopy(pN, 0, p, 0, dm);
        int layers = flow.layers();
        int k = trajectory.interval;
        int s = flow.stages();
        record(costates, layers, p, dm);
        for (int n = layers - 1; n >= 0; n--) {
            int segment = n / k;
            flow.loadSegment(theta, h, trajectory, segment);
            int stageOffset = (n - segment * k) * s * dm;
            if (!flow.hasSkipConnection()) {
                noSkipLayer(flow, theta, n, trajectory, stageOffset, p, gradient);
            } else if (form == Form.SPRK) {
                sprkLayer(flow, tableau, theta, h[n], n, trajectory, stageOffset, p, gradient);
            } else {
                reverseLayer(flow, tableau, theta, h[n], n, trajectory, stageOffset, p, gradient);
            }
            record(costates, n, p, dm);
        }
        System.arraycopy(p, 0, gradient.y0, 0, dm);
    }

    private static void record(double[][] costates, int n, double[] p, int dm) {
        if (costates != null) {
            if (costates[n] == null || costates[n].length != dm) {
                costates[n] = new double[dm];
            }
            System.arraycopy(p, 0, costates[n], 0, dm);
        }
    }

    private static void noSkipLayer(RungeKuttaFlow flow, double[] theta, int n, Trajectory t, int stageOffset,
                                    double[] p, FlowGradient gradient) {
        int m = t.m;
        int dm = flow.dimension() * m;
        int thetaOffset = n * flow.parametersPerLayer();
        System.arraycopy(t.stageY, stageOffset, t.stageIn, 0, dm);
        System.arraycopy(t.stageK, stageOffset, t.stageValue, 0, dm);
        flow.field().vjpWithValue(theta, thetaOffset, t.stageIn, t.stageValue, p, m, t.nu, gradient.theta,
                thetaOffset, t.fieldWork);
        System.arraycopy(t.nu, 0, p, 0, dm);
    }

    private static void reverseLayer(RungeKuttaFlow flow, Tableau tableau, double[] theta, double hn, int n,
                                     Trajectory t, int stageOffset, double[] p, FlowGradient gradient) {
        VectorField field = flow.field();
        int m = t.m;
        int dm = flow.dimension() * m;
        int s = flow.stages();
        int thetaOffset = n * flow.parametersPerLayer();
        double[] w = t.cotangents;
        double[] nu = t.nu;
        double[] stageK = t.stageK;
        double dh = 0;
        for (int i = s - 1; i >= 0; i--) {
            double scale = hn * tableau.b(i);
            int j1 = nextNonzeroBelow(tableau, hn, i, i + 1, s);
            if (j1 < 0) {
                for (int q = 0; q < dm; q++) {
                    nu[q] = scale * p[q];
                }
            } else {
                // first term fused into the scaling pass; same summation order as one pass per term
                double c1 = hn * tableau.a(j1, i);
                int w1 = j1 * dm;
                DenseKernels.linearCombination(scale, p, 0, c1, w, w1, nu, 0, dm);
                for (int j = j1 + 1; j < s; j++) {
                    double coefficient = hn * tableau.a(j, i);
                    if (coefficient != 0) {
                        int wj = j * dm;
                        for (int q = 0; q < dm; q++) {
                            nu[q] += coefficient * w[wj + q];
                        }
                    }
                }
            }
            System.arraycopy(t.stageY, stageOffset + i * dm, t.stageIn, 0, dm);
            System.arraycopy(stageK, stageOffset + i * dm, t.stageValue, 0, dm);
            field.vjpWithValue(theta, thetaOffset, t.stageIn, t.stageValue, nu, m, t.stageOut, gradient.theta,
                    thetaOffset, t.fieldWork);
            System.arraycopy(t.stageOut, 0, w, i * dm, dm);
        }
        for (int i = 0; i < s; i++) {
            int ki = stageOffset + i * dm;
            double bi = tableau.b(i);
            if (bi != 0) {
                dh += bi * dot(p, 0, stageK, ki, dm);
            }
            for (int j = 0; j < i; j++) {
                double aij = tableau.a(i, j);
                if (aij != 0) {
                    dh += aij * dot(w, i * dm, stageK, stageOffset + j * dm, dm);
                }
            }
        }
        gradient.h[n] = dh;
        // p += Σ_i w_i, up to four stages per pass, summed left to right as with one pass per stage
        int i = 0;
        for (; i + 4 <= s; i += 4) {
            int w0 = i * dm;
            int w1 = w0 + dm;
            int w2 = w1 + dm;
            int w3 = w2 + dm;
            // 1·w is exactly w: the same bits as p + w0 + w1 + w2 + w3
            DenseKernels.accumulateFour(p, w, 1.0, w0, 1.0, w1, 1.0, w2, 1.0, w3, dm);
        }
        if (s - i == 3) {
            int w0 = i * dm;
            int w1 = w0 + dm;
            int w2 = w1 + dm;
            for (int q = 0; q < dm; q++) {
                p[q] = p[q] + w[w0 + q] + w[w1 + q] + w[w2 + q];
            }
        } else if (s - i == 2) {
            int w0 = i * dm;
            int w1 = w0 + dm;
            for (int q = 0; q < dm; q++) {
                p[q] = p[q] + w[w0 + q] + w[w1 + q];
            }
        } else if (s - i == 1) {
            DenseKernels.axpyInto(p, 0, 1.0, w, i * dm, p, 0, null, 0, dm); // 1·w is exactly w
        }
    }

    /** The first {@code j} in {@code [from, to)} with {@code h·a(j, column) != 0}, or −1. */
    private static int nextNonzeroBelow(Tableau tableau, double hn, int column, int from, int to) {
        for (int j = from; j < to; j++) {
            if (hn * tableau.a(j, column) != 0) {
                return j;
            }
        }
        return -1;
    }

    private static void sprkLayer(RungeKuttaFlow flow, Tableau tableau, double[] theta, double hn, int n,
                                  Trajectory t, int stageOffset, double[] p, FlowGradient gradient) {
        VectorField field = flow.field();
        int m = t.m;
        int dm = flow.dimension() * m;
        int s = flow.stages();
        int thetaOffset = n * flow.parametersPerLayer();
        int count = flow.parametersPerLayer();
        double[] ell = t.cotangents;
        double[] stagePrimal = t.nu;
        double[] scratch = t.parameterScratch;
        double dh = 0;
        for (int i = s - 1; i >= 0; i--) {
            double bi = tableau.b(i);
            double[] capitalP = t.stageOut;
            System.arraycopy(p, 0, capitalP, 0, dm);
            for (int k = i + 1; k < s; k++) {
                double coefficient = hn * tableau.a(k, i) * tableau.b(k) / bi;
                if (coefficient != 0) {
                    int lk = k * dm;
                    for (int q = 0; q < dm; q++) {
                        capitalP[q] -= coefficient * ell[lk + q];
                    }
                }
            }
            dh += bi * dot(capitalP, 0, t.stageK, stageOffset + i * dm, dm);
            System.arraycopy(t.stageY, stageOffset + i * dm, stagePrimal, 0, dm);
            Arrays.fill(scratch, 0.0);
            field.vjp(theta, thetaOffset, stagePrimal, capitalP, m, t.stageIn, scratch, 0, t.fieldWork);
            double weight = hn * bi;
            for (int r = 0; r < count; r++) {
                gradient.theta[thetaOffset + r] += weight * scratch[r];
            }
            int li = i * dm;
            for (int q = 0; q < dm; q++) {
                ell[li + q] = -t.stageIn[q];
            }
        }
        gradient.h[n] = dh;
        for (int i = 0; i < s; i++) {
            double coefficient = hn * tableau.b(i);
            int li = i * dm;
            for (int q = 0; q < dm; q++) {
                p[q] -= coefficient * ell[li + q];
            }
        }
    }

    static double dot(double[] x, int xOffset, double[] y, int yOffset, int length) {
        return DenseKernels.dot(x, xOffset, y, yOffset, length);
    }
}
