package io.github.pontryagin.core.optim;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The damped Gauss–Newton system of a {@link LeastSquaresObjective} linearized at u:
 * <pre>
 *   (J_rᵀ J_r + λ I) s = −J_rᵀ r,
 * </pre>
 * the step of Levenberg–Marquardt (λ &gt; 0; Nocedal and Wright 2006, eq. 10.34) and of Gauss–Newton (λ = 0, solved
 * as the linear least-squares problem {@code min ‖J_r s + r‖} by column-pivoted QR, which stays defined for a
 * rank-deficient Jacobian). As λ → 0 the step tends to the Gauss–Newton step, as λ → ∞ to {@code −∇J/λ}, gradient
 * descent with step 1/λ.
 *
 * <p>With at most {@code denseLimit} parameters the Jacobian is formed (EJML: {@code JᵀJ} by
 * {@code CommonOps_DDRM.multInner}, Cholesky for λ &gt; 0); above, the system is solved matrix-free by conjugate
 * gradients on the products {@code J_r v}, {@code J_rᵀ w} (CGLS form for λ = 0), with relative residual tolerance
 * {@code cgTolerance} and at most {@code cgIterations} iterations. One instance per optimizer state; sized once.
 */
public final class NormalEquations {

    private final int n;
    private final int m;
    private final boolean dense;
    private final double cgTolerance;
    private final int cgIterations;
    private final double[] r;
    private final double[] gradient;
    private double value = Double.NaN;
    // dense
    private final DMatrixRMaj jacobian;
    private final DMatrixRMaj jacobianCopy;
    private final DMatrixRMaj normal;
    private final DMatrixRMaj damped;
    private final DMatrixRMaj rhs;
    private final DMatrixRMaj solution;
    private LinearSolverDense<DMatrixRMaj> cholesky;
    private LinearSolverDense<DMatrixRMaj> leastSquares;
    // matrix-free
    private LeastSquaresObjective objective;
    private final double[] residualWork;
    private final double[] p;
    private final double[] q;
    private final double[] z;

    /**
     * @param parameters   n ≥ 1
     * @param residuals    M ≥ 1
     * @param denseLimit   largest n for which the Jacobian is formed, ≥ 0
     * @param cgTolerance  relative tolerance of the matrix-free solve, in (0, 1)
     * @param cgIterations iteration cap of the matrix-free solve, ≥ 1
     */
    public NormalEquations(int parameters, int residuals, int denseLimit, double cgTolerance, int cgIterations) {
        if (parameters < 1 || residuals < 1) {
            throw new IllegalArgumentException("the system needs n >= 1 parameters and M >= 1 residuals, got n = "
                    + parameters + ", M = " + residuals);
        }
        if (denseLimit < 0) {
            throw new IllegalArgumentException("denseLimit must be >= 0, got " + denseLimit);
        }
        Checks.unitOpen("cgTolerance", cgTolerance);
        if (cgIterations < 1) {
            throw new IllegalArgumentException("cgIterations must be >= 1, got " + cgIterations);
        }
        this.n = parameters;
        this.m = residuals;
        this.dense = parameters <= denseLimit;
        this.cgTolerance = cgTolerance;
        this.cgIterations = cgIterations;
        this.r = new double[m];
        this.gradient = new double[n];
        this.jacobian = dense ? new DMatrixRMaj(m, n) : null;
        this.jacobianCopy = dense ? new DMatrixRMaj(m, n) : null;
        this.normal = dense ? new DMatrixRMaj(n, n) : null;
        this.damped = dense ? new DMatrixRMaj(n, n) : null;
        this.rhs = dense ? new DMatrixRMaj(Math.max(m, n), 1) : null;
        this.solution = dense ? new DMatrixRMaj(n, 1) : null;
        this.residualWork = dense ? null : new double[m];
        this.p = dense ? null : new double[n];
        this.q = dense ? null : new double[n];
        this.z = dense ? null : new double[n];
    }

    /** Whether the Jacobian is formed (n ≤ denseLimit). */
    public boolean dense() {
        return dense;
    }

    /**
     * Linearizes at {@code u}: residuals, {@code ∇J = J_rᵀ r} and, when dense, {@code J_r} and {@code J_rᵀ J_r}.
     *
     * @return {@code J(u)}
     */
    public double linearize(LeastSquaresObjective f, double[] u) {
        requireShape(f, u);
        value = f.residuals(u, r);
        afterResiduals(f);
        return value;
    }

    /**
     * As {@link #linearize} when {@code f.residuals(u, residuals)} has just been called (the linearization point
     * of {@code f} is u): takes the residuals from the caller.
     */
    public double linearizeAfterResiduals(LeastSquaresObjective f, double[] residuals, double value) {
        System.arraycopy(residuals, 0, r, 0, m);
        this.value = value;
        afterResiduals(f);
        return value;
    }

    private void afterResiduals(LeastSquaresObjective f) {
        objective = f;
        if (dense) {
            f.jacobian(jacobian.data);
            CommonOps_DDRM.multInner(jacobian, normal);
            CommonOps_DDRM.multTransA(jacobian, DMatrixRMaj.wrap(m, 1, r), solution);
            System.arraycopy(solution.data, 0, gradient, 0, n);
        } else {
            f.jacobianTransposeTimes(r, gradient);
        }
    }

    /** {@code J(u)} at the last linearization. */
    public double value() {
        return value;
    }

    /** {@code ∇J = J_rᵀ r} at the last linearization (live array). */
    public double[] gradient() {
        return gradient;
    }

    /** {@code r(u)} at the last linearization (live array). */
    public double[] residuals() {
        return r;
    }

    /** The largest diagonal entry of {@code J_rᵀ J_r} (dense), or {@code ‖∇J‖} as a scale (matrix-free). */
    public double scale() {
        if (!dense) {
            return Math.sqrt(StrongWolfeLineSearch.dot(gradient, gradient));
        }
        double max = 0.0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, normal.get(i, i));
        }
        return max;
    }

    /**
     * Solves {@code (J_rᵀJ_r + λI) s = −∇J} at the last linearization.
     *
     * @param lambda λ ≥ 0
     * @param step   receives s, length n
     * @return false if the system could not be solved (a non-finite Jacobian, or a Cholesky failure)
     */
    public boolean solve(double lambda, double[] step) {
        if (!(lambda >= 0.0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("damping lambda must be finite and >= 0, got " + lambda);
        }
        if (objective == null) {
            throw new IllegalStateException("linearize the system before solving it");
        }
        boolean ok = dense ? solveDense(lambda, step) : solveMatrixFree(lambda, step);
        if (!ok) {
            return false;
        }
        for (double s : step) {
            if (!Double.isFinite(s)) {
                return false;
            }
        }
        return true;
    }

    /** The decrease {@code L(0) − L(s) = −sᵀ∇J − ½‖J_r s‖²} that the linear model predicts for the step s. */
    public double predictedDecrease(double[] step, double lambda) {
        // With (JᵀJ + λI) s = −g: −sᵀg − ½ sᵀJᵀJ s = ½ sᵀ(λ s − g) (Madsen, Nielsen and Tingleff 2004, eq. 3.14).
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            sum += step[i] * (lambda * step[i] - gradient[i]);
        }
        return 0.5 * sum;
    }

    private boolean solveDense(double lambda, double[] step) {
        if (lambda == 0.0) {
            if (leastSquares == null) {
                leastSquares = LinearSolverFactory_DDRM.leastSquaresQrPivot(true, false);
            }
            // the QR solver may overwrite its matrix, so it factors a copy
            jacobianCopy.setTo(jacobian);
            if (!leastSquares.setA(jacobianCopy)) {
                return false;
            }
            rhs.reshape(m, 1);
            for (int k = 0; k < m; k++) {
                rhs.data[k] = -r[k];
            }
            leastSquares.solve(rhs, solution);
        } else {
            if (cholesky == null) {
                cholesky = LinearSolverFactory_DDRM.chol(n);
            }
            damped.setTo(normal);
            for (int i = 0; i < n; i++) {
                damped.add(i, i, lambda);
            }
            if (!cholesky.setA(damped)) {
                return false;
            }
            rhs.reshape(n, 1);
            for (int i = 0; i < n; i++) {
                rhs.data[i] = -gradient[i];
            }
            cholesky.solve(rhs, solution);
        }
        System.arraycopy(solution.data, 0, step, 0, n);
        return true;
    }

    /** Conjugate gradients on {@code (JᵀJ + λI) s = −g} from s = 0 (CGLS when λ = 0: the same iteration). */
    private boolean solveMatrixFree(double lambda, double[] step) {
        double[] residual = z;
        Arrays.fill(step, 0.0);
        for (int i = 0; i < n; i++) {
            residual[i] = -gradient[i];
            p[i] = residual[i];
        }
        double rr = StrongWolfeLineSearch.dot(residual, residual);
        double stop = cgTolerance * cgTolerance * rr;
        for (int it = 0; it < cgIterations && rr > stop; it++) {
            objective.jacobianTimes(p, residualWork);
            objective.jacobianTransposeTimes(residualWork, q);
            double curvature = 0.0;
            for (int i = 0; i < n; i++) {
                q[i] += lambda * p[i];
                curvature += p[i] * q[i];
            }
            if (!(curvature > 0.0)) {
                return it > 0;
            }
            double alpha = rr / curvature;
            for (int i = 0; i < n; i++) {
                step[i] += alpha * p[i];
                residual[i] -= alpha * q[i];
            }
            double next = StrongWolfeLineSearch.dot(residual, residual);
            double beta = next / rr;
            rr = next;
            for (int i = 0; i < n; i++) {
                p[i] = residual[i] + beta * p[i];
            }
        }
        return true;
    }

    private void requireShape(LeastSquaresObjective f, double[] u) {
        if (f.residualCount() != m || u.length != n) {
            throw new IllegalArgumentException("the system was sized for n = " + n + " parameters and M = " + m
                    + " residuals, got n = " + u.length + " and M = " + f.residualCount());
        }
    }
}
