package io.github.pontryagin.core.optim;

/**
 * Gauss–Newton with backtracking on a {@link LeastSquaresObjective} {@code J = ½‖r‖²} (Nocedal and Wright 2006,
 * §10.3): the step s minimizes the linearized residual {@code ‖J_r s + r‖} (column-pivoted QR of {@code J_r}
 * through EJML when n ≤ denseLimit, conjugate gradients on {@code J_rᵀJ_r s = −J_rᵀr} otherwise;
 * {@link NormalEquations}), then {@code u ← u + αs} with the largest {@code α ∈ {1, ½, ¼, …}} satisfying
 * {@code J(u + αs) ≤ J(u) + c α ∇Jᵀs}. In docs/theory.md §3 terms: the overdamped flow
 * {@code u̇ = −G⁻¹∇J} in the metric {@code G = J_rᵀJ_r}. When s is not a descent direction (a Jacobian so
 * rank-deficient that the least-squares solution is lost in round-off) or no α is accepted, {@code u} keeps the
 * last accepted point and {@link OptimizerState#stopReason()} says why.
 *
 * @param denseLimit         largest parameter count for which the Jacobian is formed
 * @param sufficientDecrease c ∈ (0, 1)
 * @param maxBacktracks      halvings allowed per step, ≥ 1
 */
public record GaussNewton(int denseLimit, double sufficientDecrease, int maxBacktracks) implements FullBatchOptimizer {

    /** @throws IllegalArgumentException naming the first hyper-parameter outside its range */
    public GaussNewton {
        if (denseLimit < 0) {
            throw new IllegalArgumentException("denseLimit must be >= 0, got " + denseLimit);
        }
        Checks.unitOpen("sufficientDecrease (c)", sufficientDecrease);
        if (maxBacktracks < 1) {
            throw new IllegalArgumentException("maxBacktracks must be >= 1, got " + maxBacktracks);
        }
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = new OptimizerState(dimension, false, false, false, true, true);
        state.attach(this, new LevenbergMarquardt.LeastSquaresWork(dimension));
        return state;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        LeastSquaresObjective f = LevenbergMarquardt.LeastSquaresWork.require("gauss-newton", objective);
        if (!(state.attachment(this) instanceof LevenbergMarquardt.LeastSquaresWork w)) {
            throw new IllegalArgumentException("the optimizer state was not created by this Gauss-Newton optimizer's "
                    + "newState");
        }
        double value = w.linearize(f, u, state, denseLimit);
        NormalEquations system = w.system;
        double[] step = state.work;
        state.stopReason = null;
        state.iteration++;
        state.lastValue = value;
        state.lastStepSize = 0.0;
        if (LevenbergMarquardt.LeastSquaresWork.isZero(system.gradient()) || !Double.isFinite(value)) {
            state.stopReason = Double.isFinite(value) ? "the gradient is zero: a stationary point"
                    : "the objective is " + value + " at the current point";
            return value;
        }
        if (!system.solve(0.0, step)) {
            state.stopReason = "gauss-newton: the linear least-squares problem has no finite solution "
                    + "(max_i abs(dJ/du_i) = " + LevenbergMarquardt.LeastSquaresWork.maxAbs(system.gradient())
                    + ": the Jacobian is non-finite, or numerically zero or rank-deficient, e.g. on a saturated "
                    + "plateau); use levenberg-marquardt; the parameters stay at the last accepted point";
            return value;
        }
        double slope = StrongWolfeLineSearch.dot(system.gradient(), step);
        if (!(slope < 0.0)) {
            state.stopReason = "gauss-newton: the step is not a descent direction (<grad J, s> = " + slope
                    + "), the Jacobian is numerically rank-deficient; use levenberg-marquardt";
            return value;
        }
        double alpha = 1.0;
        for (int k = 0; k <= maxBacktracks; k++) {
            double trialValue = w.tryStep(f, u, step, alpha);
            if (trialValue <= value + sufficientDecrease * alpha * slope) {
                w.accept(u, state, trialValue);
                state.lastStepSize = alpha;
                state.lastBacktracks = k;
                return value;
            }
            alpha *= 0.5;
        }
        w.cached = false;
        state.lastBacktracks = maxBacktracks;
        state.stopReason = "gauss-newton: no step 2^-k, k <= " + maxBacktracks + ", decreases J = " + value
                + " sufficiently; the parameters stay at the last accepted point";
        return value;
    }
}
