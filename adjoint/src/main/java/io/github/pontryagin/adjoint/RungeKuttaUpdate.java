package io.github.pontryagin.adjoint;

import java.util.Arrays;
import java.util.Optional;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.kernel.DenseKernels;
import io.github.pontryagin.core.tableau.PartitionedTableau;
import io.github.pontryagin.core.tableau.SparsityPattern;
import io.github.pontryagin.core.tableau.Tableau;

/**
 * One explicit Runge–Kutta step per layer, {@code Y_i = y + h Σ_{j<i} a_ij K_j}, {@code K_i = f(Y_i; θ_n)},
 * {@code y⁺ = y + h Σ_i b_i K_i}, with its exact discrete adjoint in two algebraically equivalent forms
 * ({@code docs/theory.md} §2; Hager 2000; Sanz-Serna 2016; Benning et al. 2019). Reverse form, valid for every
 * explicit tableau, with {@code p⁺ = p_{n+1}}:
 * <pre>
 *   for i = s..1:  ν_i = h b_i p⁺ + h Σ_{j&gt;i} a_ji w_j,   w_i = ∂_y f(Y_i)ᵀ ν_i,   ∂J/∂θ_n += ∂_θ f(Y_i)ᵀ ν_i
 *   p_n = p⁺ + Σ_i w_i,      ∂J/∂h_n = Σ_i b_i ⟨p⁺, K_i⟩ + Σ_i Σ_{j&lt;i} a_ij ⟨w_i, K_j⟩
 * </pre>
 * SPRK form, the partitioned pair (A, ā) of {@link Tableau#partner()} (needs every {@code b_i ≠ 0}), with
 * {@code ℓ_i = −∂_y f(Y_i)ᵀ P_i}:
 * <pre>
 *   P_i = p⁺ + h Σ_k (ā_ik − b_k) ℓ_k = p⁺ − h Σ_k (a_ki b_k / b_i) ℓ_k,   p_n = p⁺ − h Σ_i b_i ℓ_i,
 *   ∂J/∂θ_n = h Σ_i b_i ∂_θ f(Y_i)ᵀ P_i,            ∂J/∂h_n = Σ_i b_i ⟨P_i, K_i⟩
 * </pre>
 * (related by {@code ν_i = h b_i P_i}, {@code w_i = −h b_i ℓ_i}). All stage sums go through
 * {@link DenseKernels#combineStages} with the tableau's {@link SparsityPattern}.
 */
final class RungeKuttaUpdate extends LayerUpdate {

    private final Tableau tableau;
    private final PartitionedTableau partitioned;
    /** The weights of {@link #partitioned}, read by the SPRK form (null when some {@code b_i = 0}). */
    private final double[] partitionedWeights;
    private final int s;
    private final double[][] a;
    private final double[] b;
    private final int[][] rows;
    private final int[][] columns;
    private final int[] weights;
    private final int[] allStages;
    private final double[] ones;

    RungeKuttaUpdate(Tableau tableau) {
        this.tableau = tableau;
        this.partitioned = tableau.hasNonZeroWeights() ? tableau.partner() : null;
        this.partitionedWeights = partitioned == null ? null : partitioned.b();
        this.s = tableau.stages();
        this.a = tableau.a();
        this.b = tableau.b();
        SparsityPattern pattern = tableau.sparsity();
        this.rows = new int[s][];
        this.columns = new int[s][];
        for (int i = 0; i < s; i++) {
            rows[i] = pattern.row(i);
            columns[i] = pattern.column(i);
        }
        this.weights = pattern.weights();
        this.allStages = new int[s];
        Arrays.setAll(allStages, i -> i);
        this.ones = new double[s];
        Arrays.fill(ones, 1.0);
    }

    @Override
    public String name() {
        return tableau.name();
    }

    @Override
    public int stages() {
        return s;
    }

    @Override
    public boolean usesStepSizes() {
        return true;
    }

    @Override
    public Optional<Tableau> tableau() {
        return Optional.of(tableau);
    }

    @Override
    void requirePartitionedForm() {
        if (partitioned == null) {
            tableau.partner(); // throws, naming the zero weight
        }
    }

    @Override
    void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m, double[] stageY,
              double[] stageK, int stageOffset, Workspace work) {
        int dm = y.length;
        double[] c = work.coefficients;
        // the layer's parameters prepared once for its s field evaluations (same bits as unprepared)
        double[] prepared = work.prepared.length > 0 ? work.prepared : null;
        if (prepared != null) {
            field.prepare(theta, thetaOffset, false, prepared);
        }
        for (int i = 0; i < s; i++) {
            int[] row = rows[i];
            for (int t = 0; t < row.length; t++) {
                c[t] = h * a[i][row[t]];
            }
            int at = stageOffset + i * dm;
            if (prepared != null) {
                // Y_i = y + h Σ_j a_ij K_j, written once (to the stored stage when there is one), and K_i = f(Y_i)
                // written in place: the prepared field reads and writes at offsets
                double[] in = stageY != null ? stageY : work.stageIn;
                int inAt = stageY != null ? at : 0;
                DenseKernels.combineStages(1.0, y, 0, c, row, row.length, stageK, stageOffset, in, inAt, null, 0, dm);
                field.applyPrepared(prepared, theta, thetaOffset, in, inAt, m, stageK, at, work.fieldWork);
                continue;
            }
            // Y_i = y + h Σ_j a_ij K_j, written to the field input and to the stored stage
            DenseKernels.combineStages(1.0, y, 0, c, row, row.length, stageK, stageOffset, work.stageIn, 0,
                    stageY, at, dm);
            field.apply(theta, thetaOffset, work.stageIn, m, work.stageOut, work.fieldWork);
            System.arraycopy(work.stageOut, 0, stageK, at, dm);
        }
        // y ← y + h Σ_i b_i K_i
        for (int t = 0; t < weights.length; t++) {
            c[t] = h * b[weights[t]];
        }
        DenseKernels.combineStages(1.0, y, 0, c, weights, weights.length, stageK, stageOffset, y, 0, null, 0, dm);
    }

    @Override
    double adjointStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                       Trajectory tape, int stageOffset, Workspace work, boolean partitionedForm,
                       double[] gradTheta) {
        return partitionedForm ? partitionedStep(field, theta, thetaOffset, h, p, m, tape, stageOffset, work, gradTheta)
                : reverseStep(field, theta, thetaOffset, h, p, m, tape, stageOffset, work, gradTheta);
    }

    private double reverseStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                               Trajectory tape, int stageOffset, Workspace work, double[] gradTheta) {
        int dm = p.length;
        double[] w = work.cotangents;
        double[] c = work.coefficients;
        double[] prepared = work.prepared.length > 0 ? work.prepared : null;
        if (prepared != null) {
            field.prepare(theta, thetaOffset, true, prepared);
        }
        for (int i = s - 1; i >= 0; i--) {
            int[] column = columns[i];
            for (int t = 0; t < column.length; t++) {
                c[t] = h * a[column[t]][i];
            }
            // ν_i = h b_i p⁺ + h Σ_{j>i} a_ji w_j
            DenseKernels.combineStages(h * b[i], p, 0, c, column, column.length, w, 0, work.nu, 0, null, 0, dm);
            // w_i = ∂_y f(Y_i)ᵀ ν_i and ∂J/∂θ_n += ∂_θ f(Y_i)ᵀ ν_i, with the stored K_i = f(Y_i)
            int at = stageOffset + i * dm;
            if (prepared != null) {
                // the prepared field reads Y_i and K_i from the tape and writes w_i in place
                field.vjpWithValuePrepared(prepared, theta, thetaOffset, tape.stageY, at, tape.stageK, at, work.nu, m,
                        w, i * dm, gradTheta, thetaOffset, work.fieldWork);
                continue;
            }
            System.arraycopy(tape.stageY, at, work.stageIn, 0, dm);
            System.arraycopy(tape.stageK, at, work.stageValue, 0, dm);
            field.vjpWithValue(theta, thetaOffset, work.stageIn, work.stageValue, work.nu, m, work.stageOut,
                    gradTheta, thetaOffset, work.fieldWork);
            System.arraycopy(work.stageOut, 0, w, i * dm, dm);
        }
        // ∂J/∂h_n = Σ_i b_i ⟨p⁺, K_i⟩ + Σ_i Σ_{j<i} a_ij ⟨w_i, K_j⟩
        double dh = 0;
        for (int i = 0; i < s; i++) {
            if (b[i] != 0) {
                dh += b[i] * DenseKernels.dot(p, 0, tape.stageK, stageOffset + i * dm, dm);
            }
            for (int j : rows[i]) {
                dh += a[i][j] * DenseKernels.dot(w, i * dm, tape.stageK, stageOffset + j * dm, dm);
            }
        }
        // p_n = p⁺ + Σ_i w_i
        DenseKernels.combineStages(1.0, p, 0, ones, allStages, s, w, 0, p, 0, null, 0, dm);
        return dh;
    }

    private double partitionedStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                                   Trajectory tape, int stageOffset, Workspace work, double[] gradTheta) {
        int dm = p.length;
        double[] ell = work.cotangents;
        double[] capitalP = work.stageOut;
        double[] c = work.coefficients;
        double[] scratch = work.parameterScratch;
        double[] weight = partitionedWeights;
        int count = scratch.length;
        double dh = 0;
        for (int i = s - 1; i >= 0; i--) {
            double bi = weight[i];
            int[] column = columns[i];
            // P_i = p⁺ + h Σ_k (ā_ik − b_k) ℓ_k, with ā_ik − b_k = −a_ki b_k / b_i (no cancellation)
            for (int t = 0; t < column.length; t++) {
                int k = column[t];
                c[t] = -(h * a[k][i] * weight[k] / bi);
            }
            DenseKernels.combineStages(1.0, p, 0, c, column, column.length, ell, 0, capitalP, 0, null, 0, dm);
            dh += bi * DenseKernels.dot(capitalP, 0, tape.stageK, stageOffset + i * dm, dm);
            // ℓ_i = −∂_y f(Y_i)ᵀ P_i,  ∂J/∂θ_n += h b_i ∂_θ f(Y_i)ᵀ P_i
            System.arraycopy(tape.stageY, stageOffset + i * dm, work.nu, 0, dm);
            Arrays.fill(scratch, 0.0);
            field.vjp(theta, thetaOffset, work.nu, capitalP, m, work.stageIn, scratch, 0, work.fieldWork);
            double scale = h * bi;
            for (int r = 0; r < count; r++) {
                gradTheta[thetaOffset + r] += scale * scratch[r];
            }
            for (int q = 0; q < dm; q++) {
                ell[i * dm + q] = -work.stageIn[q];
            }
        }
        // p_n = p⁺ − h Σ_i b_i ℓ_i
        for (int i = 0; i < s; i++) {
            c[i] = -(h * weight[i]);
        }
        DenseKernels.combineStages(1.0, p, 0, c, allStages, s, ell, 0, p, 0, null, 0, dm);
        return dh;
    }

    @Override
    void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                     double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta,
                     SecondOrderScratch scratch) {
        // V_i = v + h Σ_j a_ij dK_j + δh Σ_j a_ij K_j,  dK_i = ∂_y f(Y_i) V_i + ∂_θ f(Y_i) δθ,
        // v⁺ = v + h Σ_i b_i dK_i + δh Σ_i b_i K_i
        int dm = v.length;
        double[] stageTangent = scratch.zeros(0, dm);
        double[] stagePrimal = scratch.zeros(1, dm);
        double[] dK = scratch.zeros(2, s * dm);
        double[] out = scratch.zeros(3, dm);
        double[] work = scratch.fieldWork;
        double[] stageK = tape.stageK;
        for (int i = 0; i < s; i++) {
            System.arraycopy(v, 0, stageTangent, 0, dm);
            for (int j : rows[i]) {
                double aij = a[i][j];
                for (int q = 0; q < dm; q++) {
                    stageTangent[q] += h * aij * dK[j * dm + q] + dh * aij * stageK[stageOffset + j * dm + q];
                }
            }
            System.arraycopy(tape.stageY, stageOffset + i * dm, stagePrimal, 0, dm);
            field.jvp(theta, thetaOffset, stagePrimal, stageTangent, m, out, work);
            System.arraycopy(out, 0, dK, i * dm, dm);
            if (dtheta != null) {
                field.parameterJvp(theta, thetaOffset, stagePrimal, dtheta, thetaOffset, m, out, scratch.fieldBatches);
                for (int q = 0; q < dm; q++) {
                    dK[i * dm + q] += out[q];
                }
            }
        }
        System.arraycopy(v, 0, next, 0, dm);
        for (int i : weights) {
            double bi = b[i];
            for (int q = 0; q < dm; q++) {
                next[q] += h * bi * dK[i * dm + q] + dh * bi * stageK[stageOffset + i * dm + q];
            }
        }
    }

    @Override
    void secondOrderAdjointStep(VectorField field, double[] theta, int thetaOffset, double h, double dh,
                                double[] dtheta, double[] v, double[] p, double[] dp, int m, Trajectory tape,
                                int stageOffset, double[] gradTheta, double[] dGradTheta, double[] stepOut,
                                SecondOrderScratch scratch) {
        int dm = p.length;
        double[] stageK = tape.stageK;
        double[] work = scratch.fieldWork;
        double[] stagePrimal = scratch.zeros(50, dm);
        double[] out = scratch.zeros(51, dm);
        // stage tangents of the forward step: V_i = v + h Σ a_ij dK_j + δh Σ a_ij K_j, dK_i = ∂_y f V_i + ∂_θ f δθ
        double[] stageTangent = scratch.zeros(52, s * dm);
        double[] dK = scratch.zeros(53, s * dm);
        for (int i = 0; i < s; i++) {
            System.arraycopy(v, 0, stageTangent, i * dm, dm);
            for (int j : rows[i]) {
                double aij = a[i][j];
                for (int q = 0; q < dm; q++) {
                    stageTangent[i * dm + q] += h * aij * dK[j * dm + q] + dh * aij * stageK[stageOffset + j * dm + q];
                }
            }
            System.arraycopy(tape.stageY, stageOffset + i * dm, stagePrimal, 0, dm);
            double[] tangentIn = scratch.copy(150, stageTangent, i * dm, (i + 1) * dm);
            field.jvp(theta, thetaOffset, stagePrimal, tangentIn, m, out, work);
            System.arraycopy(out, 0, dK, i * dm, dm);
            if (dtheta != null) {
                field.parameterJvp(theta, thetaOffset, stagePrimal, dtheta, thetaOffset, m, out, scratch.fieldBatches);
                for (int q = 0; q < dm; q++) {
                    dK[i * dm + q] += out[q];
                }
            }
        }
        // reverse sweep with tangents: ν_i = h b_i p⁺ + h Σ_{j>i} a_ji w_j, w_i = ∂_y f(Y_i)ᵀ ν_i,
        // δν_i = δh (b_i p⁺ + Σ a_ji w_j) + h b_i δp⁺ + h Σ a_ji δw_j,
        // δw_i = ∂_y f(Y_i)ᵀ δν_i + (second-order term along (V_i, δθ)) ν_i
        double[] w = scratch.zeros(54, s * dm);
        double[] dw = scratch.zeros(55, s * dm);
        double[] nu = scratch.zeros(56, dm);
        double[] dnu = scratch.zeros(57, dm);
        double[] second = scratch.zeros(58, dm);
        for (int i = s - 1; i >= 0; i--) {
            for (int q = 0; q < dm; q++) {
                double sum = b[i] * p[q];
                double dSum = h * b[i] * dp[q];
                for (int j : columns[i]) {
                    sum += a[j][i] * w[j * dm + q];
                    dSum += h * a[j][i] * dw[j * dm + q];
                }
                nu[q] = h * sum;
                dnu[q] = dh * sum + dSum;
            }
            System.arraycopy(tape.stageY, stageOffset + i * dm, stagePrimal, 0, dm);
            field.vjp(theta, thetaOffset, stagePrimal, nu, m, out, gradTheta, thetaOffset, work);
            System.arraycopy(out, 0, w, i * dm, dm);
            field.vjp(theta, thetaOffset, stagePrimal, dnu, m, out, dGradTheta, thetaOffset, work);
            double[] tangentOfStage = scratch.copy(151, stageTangent, i * dm, (i + 1) * dm);
            field.secondOrderVjp(theta, thetaOffset, stagePrimal, nu, tangentOfStage, dtheta, thetaOffset, m, second,
                    dGradTheta, thetaOffset, scratch.fieldBatches);
            for (int q = 0; q < dm; q++) {
                dw[i * dm + q] = out[q] + second[q];
            }
        }
        // ∂J/∂h_n = Σ_i b_i ⟨p⁺, K_i⟩ + Σ_i Σ_{j<i} a_ij ⟨w_i, K_j⟩ and its tangent
        double stepGradient = 0;
        double stepTangent = 0;
        for (int i = 0; i < s; i++) {
            for (int q = 0; q < dm; q++) {
                double ki = stageK[stageOffset + i * dm + q];
                stepGradient += b[i] * p[q] * ki;
                stepTangent += b[i] * (dp[q] * ki + p[q] * dK[i * dm + q]);
            }
            for (int j : rows[i]) {
                for (int q = 0; q < dm; q++) {
                    double kj = stageK[stageOffset + j * dm + q];
                    stepGradient += a[i][j] * w[i * dm + q] * kj;
                    stepTangent += a[i][j] * (dw[i * dm + q] * kj + w[i * dm + q] * dK[j * dm + q]);
                }
            }
        }
        // p_n = p⁺ + Σ_i w_i, δp_n = δp⁺ + Σ_i δw_i
        for (int i = 0; i < s; i++) {
            for (int q = 0; q < dm; q++) {
                p[q] += w[i * dm + q];
                dp[q] += dw[i * dm + q];
            }
        }
        stepOut[0] = stepGradient;
        stepOut[1] = stepTangent;
    }
}
