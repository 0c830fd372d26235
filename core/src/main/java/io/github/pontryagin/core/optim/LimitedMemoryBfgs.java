package io.github.pontryagin.core.optim;

import java.util.Arrays;

/**
 * L-BFGS (Nocedal 1980; Nocedal and Wright 2006, Algorithm 7.4 and the two-loop recursion 7.5): the step is
 * {@code u ← u + α d}, {@code d = −H ∇J(u)}, where {@code H} is the BFGS inverse-Hessian estimate built from the
 * last {@code m} pairs {@code s = u_{k+1} − u_k}, {@code y = ∇J(u_{k+1}) − ∇J(u_k)} on top of
 * {@code H₀ = (sᵀy / yᵀy) I}, and α satisfies the strong Wolfe conditions ({@link StrongWolfeLineSearch}, first
 * trial α = 1; before any pair is stored, α₀ = initialStep / ‖∇J‖). In the language of docs/theory.md §3 it is the
 * overdamped gradient flow {@code u̇ = −G⁻¹ ∇J} in the metric {@code G = H⁻¹}, a secant estimate of the Hessian.
 *
 * <p><b>Step bound.</b> The first trial of every line search is shortened to
 * {@code ‖α₀ d‖ ≤ Δ · max(1, ‖u‖)}, Δ = {@code stepBound}: the relative initial step bound of MINPACK's
 * trust-region codes (Moré, Garbow and Hillstrom 1980, the {@code factor} of {@code lmder}/{@code hybrj}: the
 * bound is {@code factor · ‖x‖}, or {@code factor} when {@code x = 0}). Early secant estimates built from a few
 * pairs can be far too flat along some directions, and an unbounded first trial that satisfies the Wolfe
 * conditions is accepted however far it lands; bounded, such a step is tried short and the line search's
 * bracketing phase still lengthens it (doubling, landing exactly on the unit step on its way up) as long as the
 * curvature condition asks for it, so the bound shapes the trial without capping the accepted step. Any trial
 * α ≥ 0.1 satisfies the curvature condition (c₂ = 0.9) on a quadratic along the Newton direction, so a bound
 * that is active near a solution costs the unit step: on Rosenbrock and the κ = 1e4 quadratic, small problems whose
 * solutions lie at a distance of order ‖u₀‖, the default bound takes about twice the iterations of plain
 * L-BFGS ({@code stepBound = +∞}).
 *
 * <p>The gradient at the accepted point is kept for the next step (no re-evaluation when {@code u} is unchanged).
 * When the line search fails, {@code u} keeps the last accepted point, the memory is cleared and
 * {@link OptimizerState#stopReason()} says why. The step returns {@code J(u)} at its start point.
 *
 * @param memory         number m of stored pairs, ≥ 1
 * @param initialStep    scale of the first trial step before any pair is stored, &gt; 0
 * @param c1             sufficient-decrease constant, in (0, c2)
 * @param c2             curvature constant, in (c1, 1) (0.9 is usual for quasi-Newton methods)
 * @param maxEvaluations objective evaluations allowed per line search, ≥ 1
 * @param stepBound      Δ &gt; 0 (may be +∞): the first trial step of each line search has length at most
 *                       {@code Δ · max(1, ‖u‖)}
 */
public record LimitedMemoryBfgs(int memory, double initialStep, double c1, double c2, int maxEvaluations,
                                double stepBound) implements FullBatchOptimizer {

    /**
     * Default relative bound Δ = 0.005 on the first trial step, the middle (on a log scale) of the range
     * 0.0025–0.01 in which L-BFGS reaches all eight suite-B targets within 1000 iterations; docs/optimizers.md
     * ("L-BFGS step bound") has the measurements.
     */
    public static final double DEFAULT_STEP_BOUND = 0.005;

    /** @throws IllegalArgumentException naming the first hyper-parameter outside its range */
    public LimitedMemoryBfgs {
        if (memory < 1) {
            throw new IllegalArgumentException("memory (L-BFGS pairs m) must be >= 1, got " + memory);
        }
        Checks.positive("initialStep", initialStep);
        StrongWolfeLineSearch.validate(c1, c2, maxEvaluations);
        if (!(stepBound > 0.0)) {
            throw new IllegalArgumentException("stepBound (L-BFGS relative first-trial bound) must be > 0 (or "
                    + "Infinity for none), got " + stepBound);
        }
    }

    /** L-BFGS with the default step bound {@link #DEFAULT_STEP_BOUND}. */
    public LimitedMemoryBfgs(int memory, double initialStep, double c1, double c2, int maxEvaluations) {
        this(memory, initialStep, c1, c2, maxEvaluations, DEFAULT_STEP_BOUND);
    }

    /**
     * The first trial step bounded by the relative step bound: {@code min(α₀, Δ · max(1, ‖u‖) / ‖d‖)}.
     *
     * @param alpha0 the unbounded first trial (1 for a quasi-Newton direction)
     * @param u      the current point
     * @param d      the search direction, non-zero
     * @return the bounded first trial
     */
    double boundedFirstTrial(double alpha0, double[] u, double[] d) {
        if (stepBound == Double.POSITIVE_INFINITY) {
            return alpha0;
        }
        double directionNorm = Math.sqrt(StrongWolfeLineSearch.dot(d, d));
        double pointNorm = Math.sqrt(StrongWolfeLineSearch.dot(u, u));
        return Math.min(alpha0, stepBound * Math.max(1.0, pointNorm) / directionNorm);
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = new OptimizerState(dimension, false, false, false, true, true);
        state.attach(this, new Memory(this, dimension));
        return state;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        if (!(state.attachment(this) instanceof Memory memo)) {
            throw new IllegalArgumentException("the optimizer state was not created by this L-BFGS optimizer's newState");
        }
        double[] g = state.gradient;
        double[] d = state.work;
        state.stopReason = null;
        double value;
        if (memo.cached && Arrays.equals(u, state.point)) {
            value = memo.value;
        } else {
            value = objective.valueAndGradient(u, g);
            memo.clear();
        }
        state.iteration++;
        state.lastValue = value;
        double gradientNorm = Math.sqrt(StrongWolfeLineSearch.dot(g, g));
        if (gradientNorm == 0.0 || !Double.isFinite(value)) {
            state.lastStepSize = 0.0;
            state.stopReason = gradientNorm == 0.0 ? "the gradient is zero: a stationary point"
                    : "the objective is " + value + " at the current point";
            return value;
        }
        double naturalStep = memo.direction(g, d) ? 1.0 : initialStep / gradientNorm;
        double firstStep = boundedFirstTrial(naturalStep, u, d);
        StrongWolfeLineSearch search = memo.search;
        if (!search.search(objective, u, value, g, d, firstStep, naturalStep)) {
            state.lastStepSize = 0.0;
            state.lastBacktracks = search.evaluations;
            state.stopReason = "L-BFGS line search: " + search.failure + "; the parameters stay at the last accepted point";
            memo.clear();
            return value;
        }
        memo.push(u, g, search.trial, search.trialGradient);
        System.arraycopy(search.trial, 0, u, 0, u.length);
        System.arraycopy(search.trialGradient, 0, g, 0, g.length);
        System.arraycopy(u, 0, state.point, 0, u.length);
        memo.value = search.value;
        memo.cached = true;
        state.lastStepSize = search.step;
        state.lastBacktracks = search.evaluations - 1;
        return value;
    }

    /** The m most recent pairs (s, y) in a ring, the line search and the cached value at {@code state.point}. */
    private static final class Memory implements ResumableState {
        final double[][] s;
        final double[][] y;
        final double[] rho;
        final double[] alpha;
        final StrongWolfeLineSearch search;
        int count;
        int newest = -1;
        boolean cached;
        double value;

        Memory(LimitedMemoryBfgs config, int n) {
            s = new double[config.memory][n];
            y = new double[config.memory][n];
            rho = new double[config.memory];
            alpha = new double[config.memory];
            search = new StrongWolfeLineSearch(config.c1, config.c2, config.maxEvaluations, n);
        }

        /** {@code [count, newest, cached, value, ρ_1..ρ_m, s_1..s_m, y_1..y_m]}. */
        @Override
        public double[] save() {
            int m = s.length;
            int n = m == 0 ? 0 : s[0].length;
            double[] out = new double[4 + m + 2 * m * n];
            out[0] = count;
            out[1] = newest;
            out[2] = cached ? 1.0 : 0.0;
            out[3] = value;
            System.arraycopy(rho, 0, out, 4, m);
            for (int k = 0; k < m; k++) {
                System.arraycopy(s[k], 0, out, 4 + m + k * n, n);
                System.arraycopy(y[k], 0, out, 4 + m + (m + k) * n, n);
            }
            return out;
        }

        @Override
        public void load(double[] saved) {
            int m = s.length;
            int n = m == 0 ? 0 : s[0].length;
            ResumableState.requireLength("L-BFGS (memory of " + m + " pairs)", saved, 4 + m + 2 * m * n);
            count = (int) saved[0];
            newest = (int) saved[1];
            cached = saved[2] != 0.0;
            value = saved[3];
            System.arraycopy(saved, 4, rho, 0, m);
            for (int k = 0; k < m; k++) {
                System.arraycopy(saved, 4 + m + k * n, s[k], 0, n);
                System.arraycopy(saved, 4 + m + (m + k) * n, y[k], 0, n);
            }
        }

        void clear() {
            count = 0;
            newest = -1;
            cached = false;
        }

        /** Stores the pair when its curvature {@code sᵀy} is positive (the strong Wolfe step guarantees it). */
        void push(double[] u, double[] g, double[] next, double[] nextGradient) {
            int slot = (newest + 1) % s.length;
            double[] si = s[slot];
            double[] yi = y[slot];
            double sy = 0.0;
            for (int i = 0; i < u.length; i++) {
                si[i] = next[i] - u[i];
                yi[i] = nextGradient[i] - g[i];
                sy += si[i] * yi[i];
            }
            if (!(sy > 0.0) || !Double.isFinite(sy)) {
                return;
            }
            rho[slot] = 1.0 / sy;
            newest = slot;
            count = Math.min(count + 1, s.length);
        }

        /**
         * {@code d = −H g} by the two-loop recursion; returns false (and {@code d = −g}) when no pair is stored or
         * the result is not a descent direction.
         */
        boolean direction(double[] g, double[] d) {
            int n = g.length;
            for (int i = 0; i < n; i++) {
                d[i] = g[i];
            }
            if (count == 0) {
                negate(d);
                return false;
            }
            int m = s.length;
            for (int j = 0, k = newest; j < count; j++, k = (k - 1 + m) % m) {
                alpha[k] = rho[k] * StrongWolfeLineSearch.dot(s[k], d);
                double a = alpha[k];
                double[] yk = y[k];
                for (int i = 0; i < n; i++) {
                    d[i] -= a * yk[i];
                }
            }
            double[] yNew = y[newest];
            double gamma = 1.0 / (rho[newest] * StrongWolfeLineSearch.dot(yNew, yNew));
            for (int i = 0; i < n; i++) {
                d[i] *= gamma;
            }
            int oldest = (newest - count + 1 + m) % m;
            for (int j = 0, k = oldest; j < count; j++, k = (k + 1) % m) {
                double beta = rho[k] * StrongWolfeLineSearch.dot(y[k], d);
                double a = alpha[k] - beta;
                double[] sk = s[k];
                for (int i = 0; i < n; i++) {
                    d[i] += a * sk[i];
                }
            }
            negate(d);
            if (!(StrongWolfeLineSearch.dot(d, g) < 0.0)) {
                clear();
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                return false;
            }
            return true;
        }

        private static void negate(double[] d) {
            for (int i = 0; i < d.length; i++) {
                d[i] = -d[i];
            }
        }
    }
}
