package io.github.pontryagin.adjoint;

import io.github.pontryagin.core.field.VectorField;

/**
 * One Störmer–Verlet (leapfrog) step per layer on a partitioned state {@code x = (y, z)}: the field's
 * {@code d = 2H} coordinates split into {@code y} (the first {@code H}) and {@code z} (the last {@code H}), and
 * {@code f = (f_y, f_z)}:
 * <pre>
 *   Y₀ = (y, z),      K₀ = f(Y₀),   z½ = z + (h/2) K₀_z
 *   Y₁ = (y, z½),     K₁ = f(Y₁),   y⁺ = y + h K₁_y
 *   Y₂ = (y⁺, z½),    K₂ = f(Y₂),   z⁺ = z½ + (h/2) K₂_z
 * </pre>
 * For a separable field ({@code f_y} depends on {@code z} only, {@code f_z} on {@code y} only, e.g. the
 * {@code hamiltonian} family, {@code q' = K₁ᵀσ(K₁p + β₁)}, {@code p' = −K₂ᵀσ(K₂q + β₂)}) this is the leapfrog of Haber and
 * Ruthotto's Verlet network ("Stable architectures for deep neural networks", 2017): each sub-step is a shear, so
 * the layer preserves volume ({@code det J = 1}), is exactly invertible by running the sub-steps backwards with
 * {@code −h} ({@link #inverseStep}), and is symplectic ({@code JᵀΩJ = Ω}) when {@code f_y = ∇_z T},
 * {@code f_z = −∇_y V} (Hairer, Lubich, Wanner, <i>Geometric Numerical Integration</i>, 2006, §I.1.4 and VI.3).
 * For a non-separable field the step is still an explicit map with the exact adjoint below, but neither
 * symplectic nor reversible.
 *
 * <p>Exact discrete adjoint (reverse mode, {@code docs/theory.md} §2), with {@code p = (p_y, p_z)} the cotangent
 * of {@code (y⁺, z⁺)} and {@code w_i = ∂_y f(Y_i)ᵀ ν_i}:
 * <pre>
 *   ν₂ = (0, (h/2) p_z),   p ← p + w₂,   ∂J/∂h += ½⟨p_z, K₂_z⟩ (before the update)
 *   ν₁ = (h p_y, 0),       p ← p + w₁,   ∂J/∂h += ⟨p_y, K₁_y⟩
 *   ν₀ = (0, (h/2) p_z),   p ← p + w₀,   ∂J/∂h += ½⟨p_z, K₀_z⟩
 * </pre>
 * and {@code ∂J/∂θ_n = Σ_i ∂_θ f(Y_i)ᵀ ν_i}; this is itself a partitioned (adjoint leapfrog) step, so the SPRK and
 * reverse forms coincide. Feature-major batches keep {@code y} in the first {@code H·M} entries and {@code z} in
 * the rest, so every half is contiguous.
 */
final class LeapfrogUpdate extends LayerUpdate {

    static final LeapfrogUpdate INSTANCE = new LeapfrogUpdate();

    private LeapfrogUpdate() {
    }

    @Override
    public String name() {
        return "leapfrog";
    }

    @Override
    public int stages() {
        return 3;
    }

    @Override
    public boolean usesStepSizes() {
        return true;
    }

    @Override
    public boolean isReversible() {
        return true;
    }

    @Override
    void requireCompatible(VectorField field) {
        if (field.dimension() % 2 != 0) {
            throw new IllegalArgumentException("the leapfrog layer update needs an even state dimension (y and z"
                    + " with d/2 coordinates each), got d = " + field.dimension() + " for " + field);
        }
    }

    @Override
    void requirePartitionedForm() {
        // the adjoint of a partitioned step is itself partitioned: both forms are the reverse form
    }

    @Override
    void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m, double[] stageY,
              double[] stageK, int stageOffset, Workspace work) {
        int dm = y.length;
        int half = dm / 2;
        double halfStep = 0.5 * h;
        double[] out = work.stageOut;
        // z½ = z + (h/2) f_z(y, z)
        evaluate(field, theta, thetaOffset, y, m, stageY, stageK, stageOffset, work);
        for (int q = half; q < dm; q++) {
            y[q] += halfStep * out[q];
        }
        // y⁺ = y + h f_y(y, z½)
        evaluate(field, theta, thetaOffset, y, m, stageY, stageK, stageOffset + dm, work);
        for (int q = 0; q < half; q++) {
            y[q] += h * out[q];
        }
        // z⁺ = z½ + (h/2) f_z(y⁺, z½)
        evaluate(field, theta, thetaOffset, y, m, stageY, stageK, stageOffset + 2 * dm, work);
        for (int q = half; q < dm; q++) {
            y[q] += halfStep * out[q];
        }
    }

    /** Stores {@code Y = x} and {@code K = f(x)} at {@code at}; leaves {@code K} in {@code work.stageOut}. */
    private static void evaluate(VectorField field, double[] theta, int thetaOffset, double[] x, int m,
                                 double[] stageY, double[] stageK, int at, Workspace work) {
        int dm = x.length;
        System.arraycopy(x, 0, stageY, at, dm);
        field.apply(theta, thetaOffset, x, m, work.stageOut, work.fieldWork);
        System.arraycopy(work.stageOut, 0, stageK, at, dm);
    }

    /**
     * {@code x ← x_n} from {@code x = x_{n+1}} by the sub-steps in reverse order with {@code −h}, storing the stages
     * of the recovered step as {@link #step} would (for a separable field: exact up to round-off):
     * <pre>
     *   z½ = z⁺ − (h/2) f_z(y⁺, z⁺),   Y₂ = (y⁺, z½),  y = y⁺ − h f_y(Y₂),   Y₁ = (y, z½),  z = z½ − (h/2) f_z(Y₁),
     *   Y₀ = (y, z)
     * </pre>
     * Four field evaluations (the last one gives {@code K₀}).
     */
    @Override
    void inverseStep(VectorField field, double[] theta, int thetaOffset, double h, double[] x, int m,
                     Trajectory tape, int stageOffset, Workspace work) {
        int dm = x.length;
        int half = dm / 2;
        double halfStep = 0.5 * h;
        double[] out = work.stageOut;
        field.apply(theta, thetaOffset, x, m, out, work.fieldWork);
        for (int q = half; q < dm; q++) {
            x[q] -= halfStep * out[q];
        }
        evaluate(field, theta, thetaOffset, x, m, tape.stageY, tape.stageK, stageOffset + 2 * dm, work);
        for (int q = 0; q < half; q++) {
            x[q] -= h * out[q];
        }
        evaluate(field, theta, thetaOffset, x, m, tape.stageY, tape.stageK, stageOffset + dm, work);
        for (int q = half; q < dm; q++) {
            x[q] -= halfStep * out[q];
        }
        evaluate(field, theta, thetaOffset, x, m, tape.stageY, tape.stageK, stageOffset, work);
    }

    @Override
    double adjointStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                       Trajectory tape, int stageOffset, Workspace work, boolean partitioned, double[] gradTheta) {
        int dm = p.length;
        int half = dm / 2;
        double halfStep = 0.5 * h;
        double[] nu = work.nu;
        double[] stageK = tape.stageK;
        int k2 = stageOffset + 2 * dm;
        int k1 = stageOffset + dm;
        // stage 2: z⁺ = z½ + (h/2) K₂_z
        double dh = 0.5 * dot(p, stageK, k2, half, dm);
        for (int q = 0; q < half; q++) {
            nu[q] = 0.0;
        }
        for (int q = half; q < dm; q++) {
            nu[q] = halfStep * p[q];
        }
        pullBack(field, theta, thetaOffset, p, m, tape, k2, work, gradTheta);
        // stage 1: y⁺ = y + h K₁_y
        dh += dot(p, stageK, k1, 0, half);
        for (int q = 0; q < half; q++) {
            nu[q] = h * p[q];
        }
        for (int q = half; q < dm; q++) {
            nu[q] = 0.0;
        }
        pullBack(field, theta, thetaOffset, p, m, tape, k1, work, gradTheta);
        // stage 0: z½ = z + (h/2) K₀_z
        dh += 0.5 * dot(p, stageK, stageOffset, half, dm);
        for (int q = 0; q < half; q++) {
            nu[q] = 0.0;
        }
        for (int q = half; q < dm; q++) {
            nu[q] = halfStep * p[q];
        }
        pullBack(field, theta, thetaOffset, p, m, tape, stageOffset, work, gradTheta);
        return dh;
    }

    /** {@code p += ∂_y f(Y)ᵀ ν} and {@code gradTheta += ∂_θ f(Y)ᵀ ν} for the stage stored at {@code at}. */
    private static void pullBack(VectorField field, double[] theta, int thetaOffset, double[] p, int m,
                                 Trajectory tape, int at, Workspace work, double[] gradTheta) {
        int dm = p.length;
        System.arraycopy(tape.stageY, at, work.stageIn, 0, dm);
        System.arraycopy(tape.stageK, at, work.stageValue, 0, dm);
        field.vjpWithValue(theta, thetaOffset, work.stageIn, work.stageValue, work.nu, m, work.stageOut, gradTheta,
                thetaOffset, work.fieldWork);
        double[] w = work.stageOut;
        for (int q = 0; q < dm; q++) {
            p[q] += w[q];
        }
    }

    /** {@code Σ_{from ≤ q < to} p_q K_{at + q}}. */
    private static double dot(double[] p, double[] stageK, int at, int from, int to) {
        double sum = 0;
        for (int q = from; q < to; q++) {
            sum += p[q] * stageK[at + q];
        }
        return sum;
    }

    @Override
    void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                     double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta,
                     SecondOrderScratch scratch) {
        // V₀ = v, v_z½ = v_z + (h/2) δK₀_z + (δh/2) K₀_z; V₁ = (v_y, v_z½), v_y⁺ = v_y + h δK₁_y + δh K₁_y;
        // V₂ = (v_y⁺, v_z½), v_z⁺ = v_z½ + (h/2) δK₂_z + (δh/2) K₂_z, with δK_i = ∂_y f(Y_i) V_i + ∂_θ f(Y_i) δθ
        System.arraycopy(v, 0, next, 0, v.length);
        stageTangents(field, theta, thetaOffset, h, dh, next, m, tape, stageOffset, dtheta, null, null);
    }

    /**
     * Advances the tangent {@code x} through the three sub-steps; when {@code stageTangents} is not null it
     * receives {@code V_i} and {@code slopeTangents} receives {@code δK_i} (stage i at {@code i·d·M}). Allocates.
     */
    private static void stageTangents(VectorField field, double[] theta, int thetaOffset, double h, double dh,
                                      double[] x, int m, Trajectory tape, int stageOffset, double[] dtheta,
                                      double[] stageTangents, double[] slopeTangents) {
        int dm = x.length;
        int half = dm / 2;
        double[] primal = new double[dm];
        double[] out = new double[dm];
        double[] parameterPart = new double[dm];
        double[] work = new double[field.workspaceSize(m)];
        double[] stageK = tape.stageK;
        for (int i = 0; i < 3; i++) {
            int at = stageOffset + i * dm;
            System.arraycopy(tape.stageY, at, primal, 0, dm);
            if (stageTangents != null) {
                System.arraycopy(x, 0, stageTangents, i * dm, dm);
            }
            field.jvp(theta, thetaOffset, primal, x, m, out, work);
            if (dtheta != null) {
                field.parameterJvp(theta, thetaOffset, primal, dtheta, thetaOffset, m, parameterPart);
                for (int q = 0; q < dm; q++) {
                    out[q] += parameterPart[q];
                }
            }
            if (slopeTangents != null) {
                System.arraycopy(out, 0, slopeTangents, i * dm, dm);
            }
            double scale = SUBSTEP[i];
            int from = i == 1 ? 0 : half;
            int to = i == 1 ? half : dm;
            for (int q = from; q < to; q++) {
                x[q] += scale * (h * out[q] + dh * stageK[at + q]);
            }
        }
    }

    /** The sub-step weights: {@code z} by {@code h/2}, {@code y} by {@code h}, {@code z} by {@code h/2}. */
    private static final double[] SUBSTEP = {0.5, 1.0, 0.5};

    /**
     * The tangent of {@link #adjointStep} (forward over reverse): with the stage tangents {@code V_i}, {@code δK_i}
     * of {@link #tangentStep} and {@code P_i} the sub-step's half ({@code z}, {@code y}, {@code z}) with weight
     * {@code c_i} ({@code ½, 1, ½}), for {@code i = 2, 1, 0}:
     * <pre>
     *   ν_i = c_i h P_i p,  δν_i = c_i P_i (h δp + δh p),
     *   p ← p + ∂_y f(Y_i)ᵀ ν_i,  δp ← δp + ∂_y f(Y_i)ᵀ δν_i + [∂²⟨ν_i, f⟩] (V_i, δθ),
     *   ∂J/∂h += c_i ⟨P_i p, K_i⟩,  its tangent c_i (⟨P_i δp, K_i⟩ + ⟨P_i p, δK_i⟩)   (before the update of p).
     * </pre>
     */
    @Override
    void secondOrderAdjointStep(VectorField field, double[] theta, int thetaOffset, double h, double dh,
                                double[] dtheta, double[] v, double[] p, double[] dp, int m, Trajectory tape,
                                int stageOffset, double[] gradTheta, double[] dGradTheta, double[] stepOut,
                                SecondOrderScratch scratch) {
        int dm = p.length;
        int half = dm / 2;
        double[] stageTangents = scratch.zeros(50, 3 * dm);
        double[] slopeTangents = scratch.zeros(51, 3 * dm);
        stageTangents(field, theta, thetaOffset, h, dh, v.clone(), m, tape, stageOffset, dtheta, stageTangents,
                slopeTangents);
        double[] primal = scratch.zeros(52, dm);
        double[] nu = scratch.zeros(53, dm);
        double[] dnu = scratch.zeros(54, dm);
        double[] w = scratch.zeros(55, dm);
        double[] dw = scratch.zeros(56, dm);
        double[] second = scratch.zeros(57, dm);
        double[] tangent = scratch.zeros(58, dm);
        double[] work = scratch.fieldWork;
        double stepGradient = 0;
        double stepTangent = 0;
        for (int i = 2; i >= 0; i--) {
            int at = stageOffset + i * dm;
            int from = i == 1 ? 0 : half;
            int to = i == 1 ? half : dm;
            double c = SUBSTEP[i];
            java.util.Arrays.fill(nu, 0.0);
            java.util.Arrays.fill(dnu, 0.0);
            for (int q = from; q < to; q++) {
                double k = tape.stageK[at + q];
                stepGradient += c * p[q] * k;
                stepTangent += c * (dp[q] * k + p[q] * slopeTangents[i * dm + q]);
                nu[q] = c * h * p[q];
                dnu[q] = c * (h * dp[q] + dh * p[q]);
            }
            System.arraycopy(tape.stageY, at, primal, 0, dm);
            System.arraycopy(stageTangents, i * dm, tangent, 0, dm);
            field.vjp(theta, thetaOffset, primal, nu, m, w, gradTheta, thetaOffset, work);
            field.vjp(theta, thetaOffset, primal, dnu, m, dw, dGradTheta, thetaOffset, work);
            field.secondOrderVjp(theta, thetaOffset, primal, nu, tangent, dtheta, thetaOffset, m, second, dGradTheta,
                    thetaOffset, scratch.fieldBatches);
            for (int q = 0; q < dm; q++) {
                p[q] += w[q];
                dp[q] += dw[q] + second[q];
            }
        }
        stepOut[0] = stepGradient;
        stepOut[1] = stepTangent;
    }
}
