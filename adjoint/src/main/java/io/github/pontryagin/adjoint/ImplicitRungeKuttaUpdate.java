package io.github.pontryagin.adjoint;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.tableau.ImplicitTableau;
import io.github.pontryagin.core.tableau.StabilityFunction;

/**
 * One implicit Runge–Kutta step per layer ({@link ImplicitTableau}: implicit Euler, implicit midpoint, Gauss–Legendre):
 * the stage values solve {@code G(Y) = 0}, {@code G_i(Y) = Y_i − y − h Σ_j a_ij f(Y_j)}, then
 * {@code y⁺ = y + h Σ_i b_i K_i} with {@code K_i = f(Y_i)}. The stage equations are solved point by point by
 * Newton's method, {@code N ΔY = −G} with the Newton matrix {@code N = I − h (a_ij J_j)_{ij}} and
 * {@code J_j = ∂_y f(Y_j)} (EJML LU), from {@code Y_i = y}, the step halved until {@code ‖G‖₂} decreases (Armijo
 * backtracking; Dennis and Schnabel 1983, §6.3), until a full step is below 1e-12 relative (quadratic convergence
 * puts the stage error at round-off after that step). Each point iterates on its own, so its result does not depend
 * on the other points of the batch.
 *
 * <p>Exact discrete adjoint (the explicit reverse form of {@code docs/theory.md} §2 with the sums over all stages,
 * which couples them): with {@code p⁺ = p_{n+1}}
 * <pre>
 *   Nᵀ w = (h b_i J_iᵀ p⁺)_i     (one transposed solve per point: w_i − h Σ_j a_ji J_iᵀ w_j = h b_i J_iᵀ p⁺),
 *   ν_i = h b_i p⁺ + h Σ_j a_ji w_j,   ∂J/∂θ_n += Σ_i ∂_θ f(Y_i)ᵀ ν_i,
 *   p_n = p⁺ + Σ_i w_i,   ∂J/∂h_n = Σ_i b_i ⟨p⁺, K_i⟩ + Σ_{i,j} a_ij ⟨w_i, K_j⟩.
 * </pre>
 * For implicit Euler this is {@code p_n = (I − hJ)^{−T} p⁺}. The tangent solves {@code N V = v + δh (Σ_j a_ij K_j)_i}
 * and sets {@code v⁺ = v + h Σ_i b_i J_i V_i + δh Σ_i b_i K_i}. Both forms of {@link DiscreteAdjoint} use this one
 * transposed solve. The stage Jacobians come from d Jacobian–vector products per stage with unit vectors.
 */
final class ImplicitRungeKuttaUpdate extends LayerUpdate {

    /** Newton iterations allowed per point before the step fails. */
    static final int MAX_ITERATIONS = 50;
    /** Newton stops when {@code ‖ΔY‖∞ ≤ STEP_TOLERANCE · max(1, ‖Y‖∞)}. */
    static final double STEP_TOLERANCE = 1e-12;
    /** Halvings of a Newton step before the step fails (a decrease of ‖G‖₂ must show up by then). */
    static final int MAX_HALVINGS = 40;
    /** LU quality (EJML: |det| relative to the scale of the matrix) below which N counts as singular. */
    static final double SINGULAR = 1e-14;

    private final ImplicitTableau tableau;
    private final int s;
    private final double[][] a;
    private final double[] b;

    ImplicitRungeKuttaUpdate(ImplicitTableau tableau) {
        this.tableau = tableau;
        this.s = tableau.stages();
        this.a = new double[s][s];
        this.b = new double[s];
        for (int i = 0; i < s; i++) {
            b[i] = tableau.b(i);
            for (int j = 0; j < s; j++) {
                a[i][j] = tableau.a(i, j);
            }
        }
    }

    @Override
    public java.util.Optional<ImplicitTableau> implicitTableau() {
        return java.util.Optional.of(tableau);
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
    public java.util.Optional<StabilityFunction> stabilityFunction() {
        return java.util.Optional.of(tableau.stabilityFunction());
    }

    @Override
    void requirePartitionedForm() {
        // the transposed solve is the adjoint in both forms
    }

    /** Scratch of one workspace: stage Jacobians of the batch and one point's Newton system. */
    static final class Scratch {
        final double[] jacobians;
        final double[] unit;
        final double[] residual;
        final double[] direction;
        final double[] trialY;
        final double[] trialK;
        final double[] trialResidual;
        final double[] damping;
        final boolean[] pending;
        final boolean[] active;
        final DMatrixRMaj matrix;
        final DMatrixRMaj rhs;
        final DMatrixRMaj solution;
        final LinearSolverDense<DMatrixRMaj> lu;

        Scratch(int s, int d, int m) {
            int dm = d * m;
            this.jacobians = new double[s * d * dm];
            this.unit = new double[dm];
            this.residual = new double[s * dm];
            this.direction = new double[s * dm];
            this.trialY = new double[s * dm];
            this.trialK = new double[s * dm];
            this.trialResidual = new double[s * dm];
            this.damping = new double[m];
            this.pending = new boolean[m];
            this.active = new boolean[m];
            this.matrix = new DMatrixRMaj(s * d, s * d);
            this.rhs = new DMatrixRMaj(s * d, 1);
            this.solution = new DMatrixRMaj(s * d, 1);
            this.lu = LinearSolverFactory_DDRM.lu(s * d);
        }
    }

    @Override
    Object newScratch(VectorField field, int m) {
        return new Scratch(s, field.dimension(), m);
    }

    @Override
    void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m, double[] stageY,
              double[] stageK, int stageOffset, Workspace work) {
        Scratch scratch = (Scratch) work.updateScratch;
        int dm = y.length;
        int d = dm / m;
        int size = s * d;
        for (int i = 0; i < s; i++) {
            System.arraycopy(y, 0, stageY, stageOffset + i * dm, dm);
        }
        Arrays.fill(scratch.active, true);
        slopes(field, theta, thetaOffset, stageY, stageOffset, stageK, stageOffset, m, dm, work);
        residual(h, y, stageY, stageK, stageOffset, dm, scratch.residual);
        int remaining = m;
        for (int iteration = 0; remaining > 0; iteration++) {
            if (iteration == MAX_ITERATIONS) {
                int k = firstActive(scratch.active);
                throw new IllegalStateException(name() + " layer " + layerOf(field, thetaOffset)
                        + ": Newton's method did not converge at point " + k + " of the batch after "
                        + MAX_ITERATIONS + " iterations (residual max|Y - y - h A f(Y)| = "
                        + pointNorm(scratch.residual, k, m, size) + ", h = " + h
                        + "); use a smaller step size or a contractive field");
            }
            // Newton directions ΔY = −N⁻¹ G of the active points
            jacobians(field, theta, thetaOffset, stageY, stageOffset, m, dm, d, work, scratch.jacobians);
            for (int k = 0; k < m; k++) {
                if (!scratch.active[k]) {
                    continue;
                }
                newtonMatrix(scratch, h, k, m, d, dm, false);
                for (int q = 0; q < size; q++) {
                    scratch.rhs.data[q] = -scratch.residual[q * m + k];
                }
                solve(scratch, field, thetaOffset, h, k);
                for (int q = 0; q < size; q++) {
                    scratch.direction[q * m + k] = scratch.solution.data[q];
                }
                scratch.damping[k] = 1.0;
                scratch.pending[k] = true;
            }
            // backtracking per point on ‖G‖₂ (Armijo): a point's iterates depend on that point alone
            for (int halvings = 0; ; halvings++) {
                boolean anyPending = false;
                for (int k = 0; k < m; k++) {
                    anyPending |= scratch.active[k] && scratch.pending[k];
                }
                if (!anyPending) {
                    break;
                }
                if (halvings == MAX_HALVINGS) {
                    int k = firstPending(scratch);
                    throw new IllegalStateException(name() + " layer " + layerOf(field, thetaOffset)
                            + ": Newton's method found no decrease of the residual at point " + k + " of the batch"
                            + " (residual max|Y - y - h A f(Y)| = " + pointNorm(scratch.residual, k, m, size)
                            + ", h = " + h + "); use a smaller step size or a contractive field");
                }
                for (int q = 0; q < s * dm; q++) {
                    int k = q % m;
                    double lambda = scratch.active[k] && scratch.pending[k] ? scratch.damping[k] : 0.0;
                    scratch.trialY[q] = stageY[stageOffset + q] + lambda * scratch.direction[q];
                }
                slopes(field, theta, thetaOffset, scratch.trialY, 0, scratch.trialK, 0, m, dm, work);
                residual(h, y, scratch.trialY, scratch.trialK, 0, dm, scratch.trialResidual);
                for (int k = 0; k < m; k++) {
                    if (!scratch.active[k] || !scratch.pending[k]) {
                        continue;
                    }
                    double lambda = scratch.damping[k];
                    double before = pointNorm2(scratch.residual, k, m, size);
                    double after = pointNorm2(scratch.trialResidual, k, m, size);
                    double step = lambda * pointNorm(scratch.direction, k, m, size);
                    double scale = Math.max(1, pointNorm(scratch.trialY, k, m, size));
                    if (!(step <= Double.MAX_VALUE) || !(before <= Double.MAX_VALUE)) {
                        throw new IllegalStateException(name() + " layer " + layerOf(field, thetaOffset)
                                + ": Newton's method diverged at point " + k + " of the batch (residual max|Y - y"
                                + " - h A f(Y)| = " + pointNorm(scratch.residual, k, m, size) + ", h = " + h
                                + "); use a smaller step size or a contractive field");
                    }
                    boolean converged = step <= STEP_TOLERANCE * scale;
                    if (converged || after <= (1 - 1e-4 * lambda) * before) {
                        for (int q = 0; q < size; q++) {
                            stageY[stageOffset + q * m + k] = scratch.trialY[q * m + k];
                            stageK[stageOffset + q * m + k] = scratch.trialK[q * m + k];
                            scratch.residual[q * m + k] = scratch.trialResidual[q * m + k];
                        }
                        scratch.pending[k] = false;
                        if (converged && lambda == 1.0) {
                            scratch.active[k] = false;
                            remaining--;
                        }
                    } else {
                        scratch.damping[k] = 0.5 * lambda;
                    }
                }
            }
        }
        // K_i = f(Y_i) at the final stage values (already in the tape), then y ← y + h Σ_i b_i K_i
        for (int i = 0; i < s; i++) {
            double hb = h * b[i];
            int base = stageOffset + i * dm;
            for (int q = 0; q < dm; q++) {
                y[q] += hb * stageK[base + q];
            }
        }
    }

    private static int firstPending(Scratch scratch) {
        for (int k = 0; k < scratch.active.length; k++) {
            if (scratch.active[k] && scratch.pending[k]) {
                return k;
            }
        }
        return -1;
    }

    /** {@code sqrt(Σ_q x[q·m + k]²)} over the {@code rows} entries of point k. */
    private static double pointNorm2(double[] x, int k, int m, int rows) {
        double sum = 0;
        for (int q = 0; q < rows; q++) {
            sum += x[q * m + k] * x[q * m + k];
        }
        return Math.sqrt(sum);
    }

    private static int layerOf(VectorField field, int thetaOffset) {
        return field.parameterCount() == 0 ? 0 : thetaOffset / field.parameterCount();
    }

    private static int firstActive(boolean[] active) {
        for (int k = 0; k < active.length; k++) {
            if (active[k]) {
                return k;
            }
        }
        return -1;
    }

    /** {@code max_q |x[q·m + k]|} over the {@code rows} entries of point k. */
    private static double pointNorm(double[] x, int k, int m, int rows) {
        double max = 0;
        for (int q = 0; q < rows; q++) {
            max = Math.max(max, Math.abs(x[q * m + k]));
        }
        return max;
    }

    /** {@code K_i = f(Y_i)} for every stage. */
    private void slopes(VectorField field, double[] theta, int thetaOffset, double[] stageY, int yOffset,
                        double[] stageK, int kOffset, int m, int dm, Workspace work) {
        for (int i = 0; i < s; i++) {
            System.arraycopy(stageY, yOffset + i * dm, work.stageIn, 0, dm);
            field.apply(theta, thetaOffset, work.stageIn, m, work.stageOut, work.fieldWork);
            System.arraycopy(work.stageOut, 0, stageK, kOffset + i * dm, dm);
        }
    }

    /** {@code G_i = Y_i − y − h Σ_j a_ij K_j}, stage-major like the tape. */
    private void residual(double h, double[] y, double[] stageY, double[] stageK, int stageOffset, int dm,
                          double[] out) {
        for (int i = 0; i < s; i++) {
            for (int q = 0; q < dm; q++) {
                double sum = 0;
                for (int j = 0; j < s; j++) {
                    sum += a[i][j] * stageK[stageOffset + j * dm + q];
                }
                out[i * dm + q] = stageY[stageOffset + i * dm + q] - y[q] - h * sum;
            }
        }
    }

    /**
     * The stage Jacobians of the batch, {@code J_{i,k}[r][c] = out[(i·d + c)·dm + r·m + k]}, from {@code d}
     * Jacobian–vector products per stage.
     */
    private void jacobians(VectorField field, double[] theta, int thetaOffset, double[] stageY, int stageOffset,
                           int m, int dm, int d, Workspace work, double[] out) {
        double[] unit = ((Scratch) work.updateScratch).unit;
        for (int i = 0; i < s; i++) {
            System.arraycopy(stageY, stageOffset + i * dm, work.stageIn, 0, dm);
            for (int c = 0; c < d; c++) {
                Arrays.fill(unit, 0.0);
                Arrays.fill(unit, c * m, (c + 1) * m, 1.0);
                field.jvp(theta, thetaOffset, work.stageIn, unit, m, work.stageOut, work.fieldWork);
                System.arraycopy(work.stageOut, 0, out, (i * d + c) * dm, dm);
            }
        }
    }

    /**
     * Point k's Newton matrix {@code N[(i,r),(j,c)] = δ_ij δ_rc − h a_ij J_j[r][c]}, or its transpose, into
     * {@code scratch.matrix}.
     */
    private void newtonMatrix(Scratch scratch, double h, int k, int m, int d, int dm, boolean transpose) {
        int size = s * d;
        double[] data = scratch.matrix.data;
        double[] jac = scratch.jacobians;
        for (int i = 0; i < s; i++) {
            for (int r = 0; r < d; r++) {
                int row = i * d + r;
                for (int j = 0; j < s; j++) {
                    double haij = h * a[i][j];
                    for (int c = 0; c < d; c++) {
                        int col = j * d + c;
                        double entry = (row == col ? 1.0 : 0.0) - haij * jac[(j * d + c) * dm + r * m + k];
                        if (transpose) {
                            data[col * size + row] = entry;
                        } else {
                            data[row * size + col] = entry;
                        }
                    }
                }
            }
        }
    }

    private void solve(Scratch scratch, VectorField field, int thetaOffset, double h, int k) {
        boolean ok = scratch.lu.setA(scratch.matrix) && scratch.lu.quality() > SINGULAR;
        if (ok) {
            scratch.lu.solve(scratch.rhs, scratch.solution);
            for (double x : scratch.solution.data) {
                ok &= Double.isFinite(x);
            }
        }
        if (!ok) {
            throw new IllegalStateException(name() + " layer " + layerOf(field, thetaOffset)
                    + ": the Newton matrix I - h A J is singular at point " + k + " of the batch (h = " + h
                    + "); use a smaller step size");
        }
    }

    @Override
    double adjointStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                       Trajectory tape, int stageOffset, Workspace work, boolean partitioned, double[] gradTheta) {
        Scratch scratch = (Scratch) work.updateScratch;
        int dm = p.length;
        int d = dm / m;
        double[] w = work.cotangents;
        double[] jac = scratch.jacobians;
        jacobians(field, theta, thetaOffset, tape.stageY, stageOffset, m, dm, d, work, jac);
        for (int k = 0; k < m; k++) {
            newtonMatrix(scratch, h, k, m, d, dm, true);
            // right-hand side h b_i J_iᵀ p⁺ at point k
            for (int i = 0; i < s; i++) {
                for (int r = 0; r < d; r++) {
                    double sum = 0;
                    for (int c = 0; c < d; c++) {
                        sum += jac[(i * d + r) * dm + c * m + k] * p[c * m + k];
                    }
                    scratch.rhs.data[i * d + r] = h * b[i] * sum;
                }
            }
            solve(scratch, field, thetaOffset, h, k);
            for (int q = 0; q < s * d; q++) {
                w[q * m + k] = scratch.solution.data[q];
            }
        }
        // ν_i = h b_i p⁺ + h Σ_j a_ji w_j; ∂J/∂θ_n += ∂_θ f(Y_i)ᵀ ν_i
        for (int i = 0; i < s; i++) {
            for (int q = 0; q < dm; q++) {
                double sum = 0;
                for (int j = 0; j < s; j++) {
                    sum += a[j][i] * w[j * dm + q];
                }
                work.nu[q] = h * b[i] * p[q] + h * sum;
            }
            System.arraycopy(tape.stageY, stageOffset + i * dm, work.stageIn, 0, dm);
            System.arraycopy(tape.stageK, stageOffset + i * dm, work.stageValue, 0, dm);
            field.vjpWithValue(theta, thetaOffset, work.stageIn, work.stageValue, work.nu, m, null, gradTheta,
                    thetaOffset, work.fieldWork);
        }
        // ∂J/∂h_n = Σ_i b_i ⟨p⁺, K_i⟩ + Σ_{i,j} a_ij ⟨w_i, K_j⟩
        double dh = 0;
        double[] stageK = tape.stageK;
        for (int i = 0; i < s; i++) {
            for (int q = 0; q < dm; q++) {
                double sum = b[i] * p[q];
                for (int j = 0; j < s; j++) {
                    sum += a[j][i] * w[j * dm + q];
                }
                dh += sum * stageK[stageOffset + i * dm + q];
            }
        }
        // p_n = p⁺ + Σ_i w_i
        for (int i = 0; i < s; i++) {
            for (int q = 0; q < dm; q++) {
                p[q] += w[i * dm + q];
            }
        }
        return dh;
    }

    @Override
    void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                     double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta,
                     SecondOrderScratch passScratch) {
        rejectParameterDirection(dtheta);
        int dm = v.length;
        int d = dm / m;
        Scratch scratch = new Scratch(s, d, m);
        double[] jac = scratch.jacobians;
        double[] stageK = tape.stageK;
        double[] input = passScratch.zeros(0, dm);
        double[] out = passScratch.zeros(1, dm);
        double[] fieldWork = passScratch.fieldWork;
        for (int i = 0; i < s; i++) {
            System.arraycopy(tape.stageY, stageOffset + i * dm, input, 0, dm);
            for (int c = 0; c < d; c++) {
                Arrays.fill(scratch.unit, 0.0);
                Arrays.fill(scratch.unit, c * m, (c + 1) * m, 1.0);
                field.jvp(theta, thetaOffset, input, scratch.unit, m, out, fieldWork);
                System.arraycopy(out, 0, jac, (i * d + c) * dm, dm);
            }
        }
        System.arraycopy(v, 0, next, 0, dm);
        for (int k = 0; k < m; k++) {
            // N V = (v + δh Σ_j a_ij K_j)_i
            newtonMatrix(scratch, h, k, m, d, dm, false);
            for (int i = 0; i < s; i++) {
                for (int r = 0; r < d; r++) {
                    double sum = 0;
                    for (int j = 0; j < s; j++) {
                        sum += a[i][j] * stageK[stageOffset + j * dm + r * m + k];
                    }
                    scratch.rhs.data[i * d + r] = v[r * m + k] + dh * sum;
                }
            }
            solve(scratch, field, thetaOffset, h, k);
            // v⁺ = v + h Σ_i b_i J_i V_i + δh Σ_i b_i K_i
            for (int i = 0; i < s; i++) {
                for (int r = 0; r < d; r++) {
                    double jv = 0;
                    for (int c = 0; c < d; c++) {
                        jv += jac[(i * d + c) * dm + r * m + k] * scratch.solution.data[i * d + c];
                    }
                    next[r * m + k] += h * b[i] * jv + dh * b[i] * stageK[stageOffset + i * dm + r * m + k];
                }
            }
        }
    }
}
