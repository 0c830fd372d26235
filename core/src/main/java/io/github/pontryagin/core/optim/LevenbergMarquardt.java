package io.github.pontryagin.core.optim;

import java.util.Arrays;

/**
 * Levenberg–Marquardt on a {@link LeastSquaresObjective} {@code J = ½‖r‖²}: solve
 * {@code (J_rᵀJ_r + λI) s = −J_rᵀ r} ({@link NormalEquations}), try {@code u + s}, and adapt λ by the gain ratio
 * {@code ρ = (J(u) − J(u + s)) / (L(0) − L(s))} with Nielsen's update (Nielsen 1999; Madsen, Nielsen and Tingleff
 * 2004, Algorithm 3.16): on {@code ρ > 0} accept, {@code λ ← λ max(⅓, 1 − (2ρ − 1)³)}, {@code ν ← 2}; otherwise
 * reject, {@code λ ← νλ}, {@code ν ← 2ν}. Marquardt's original update (Marquardt 1963) instead divides λ by 10 on an
 * accepted step and multiplies it by 10 on a rejected one. The first λ is {@code τ · max_i (J_rᵀJ_r)_ii}; Madsen,
 * Nielsen and Tingleff (2004, §3.2) advise τ = 1e-6 for a start believed close to the minimizer and 1e-3 or even 1
 * otherwise. A net's initialization is far: with τ = 1e-3 on the suite-B donut1d ODENet the first, nearly undamped
 * step moves the learned step sizes from 0.1 to ±4 and lands on the logistic head's saturated plateau
 * ({@code C ∈ {0, 1}} in double precision, {@code J_r = 0} to 1e-187) that no later step leaves, which is why the
 * registry's default (and the CLI's {@code --lr}) is τ = 1.
 *
 * <p>When a trial step is below the round-off of u ({@code ‖s‖ ≤ 1e-15 (‖u‖ + 1e-300)}), no larger λ can help: the
 * step stops with that reason instead of raising λ to the overflow (a flat, e.g. saturated, region).
 *
 * <p>In docs/theory.md §3 terms the step is the overdamped flow {@code u̇ = −G⁻¹∇J} in the metric
 * {@code G = J_rᵀJ_r + λI}, discretized with unit step: Gauss–Newton as λ → 0, gradient descent with step 1/λ as
 * λ → ∞. When no λ below 1e300 gives a decrease (or the system cannot be solved), {@code u} keeps the last
 * accepted point and {@link OptimizerState#stopReason()} says why. The step returns {@code J(u)} at its start.
 *
 * @param initialDamping τ &gt; 0 (1e-3 is usual; larger is closer to gradient descent at the start)
 * @param denseLimit     largest parameter count for which {@code J_rᵀJ_r} is formed and factored by Cholesky;
 *                       above, the system is solved matrix-free by conjugate gradients
 * @param maxRejections  rejected trials (λ increases) allowed per step, ≥ 1
 * @param update         how λ changes after accepted and rejected trials
 */
public record LevenbergMarquardt(double initialDamping, int denseLimit, int maxRejections, Update update)
        implements FullBatchOptimizer {

    /** The rule that adapts λ to the gain ratio. */
    public enum Update {
        /** Nielsen (1999): {@code λ ← λ max(⅓, 1 − (2ρ − 1)³)} on acceptance, {@code λ ← νλ, ν ← 2ν} on rejection. */
        NIELSEN("nielsen"),
        /** Marquardt (1963): {@code λ ← λ/10} on acceptance, {@code λ ← 10λ} on rejection. */
        MARQUARDT("marquardt");

        private final String id;

        Update(String id) {
            this.id = id;
        }

        /** The name used on the command line. */
        public String id() {
            return id;
        }

        /** @throws IllegalArgumentException naming the accepted ids */
        public static Update of(String id) {
            for (Update u : values()) {
                if (u.id.equalsIgnoreCase(id)) {
                    return u;
                }
            }
            throw new IllegalArgumentException("Levenberg-Marquardt damping update must be nielsen or marquardt, got '"
                    + id + "'");
        }
    }

    /** Nielsen's update. */
    public LevenbergMarquardt(double initialDamping, int denseLimit, int maxRejections) {
        this(initialDamping, denseLimit, maxRejections, Update.NIELSEN);
    }

    /** @throws IllegalArgumentException naming the first hyper-parameter outside its range */
    public LevenbergMarquardt {
        Checks.notNull("update", update);
        Checks.positive("initialDamping (tau)", initialDamping);
        if (denseLimit < 0) {
            throw new IllegalArgumentException("denseLimit must be >= 0, got " + denseLimit);
        }
        if (maxRejections < 1) {
            throw new IllegalArgumentException("maxRejections must be >= 1, got " + maxRejections);
        }
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = new OptimizerState(dimension, false, false, false, true, true);
        state.attach(this, new LeastSquaresWork(dimension));
        return state;
    }

    /** The current damping λ of a state of this optimizer (NaN before the first step). */
    public double damping(OptimizerState state) {
        return work(state).lambda;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        LeastSquaresObjective f = LeastSquaresWork.require("levenberg-marquardt", objective);
        LeastSquaresWork w = work(state);
        double value = w.linearize(f, u, state, denseLimit);
        NormalEquations system = w.system;
        double[] step = state.work;
        state.stopReason = null;
        state.iteration++;
        state.lastValue = value;
        state.lastStepSize = 0.0;
        if (LeastSquaresWork.isZero(system.gradient()) || !Double.isFinite(value)) {
            state.stopReason = Double.isFinite(value) ? "the gradient is zero: a stationary point"
                    : "the objective is " + value + " at the current point";
            return value;
        }
        if (Double.isNaN(w.lambda)) {
            double scale = system.scale();
            w.lambda = initialDamping * (scale > 0.0 && Double.isFinite(scale) ? scale : 1.0);
        }
        for (int attempt = 0; attempt < maxRejections && w.lambda < 1e300; attempt++) {
            if (system.solve(w.lambda, step)) {
                double stepNorm = Math.sqrt(StrongWolfeLineSearch.dot(step, step));
                double pointNorm = Math.sqrt(StrongWolfeLineSearch.dot(u, u));
                if (stepNorm <= 1e-15 * (pointNorm + 1e-300)) {
                    w.cached = false;
                    state.lastBacktracks = attempt;
                    state.stopReason = "levenberg-marquardt: the step at lambda = " + w.lambda + " is below the "
                            + "round-off of u (|s| = " + stepNorm + ", |u| = " + pointNorm + ", max_i abs(dJ/du_i) = "
                            + LeastSquaresWork.maxAbs(system.gradient())
                            + "): J = " + value + " cannot decrease in double precision (a flat, e.g. saturated, "
                            + "region); the parameters stay at the last accepted point";
                    return value;
                }
                double predicted = system.predictedDecrease(step, w.lambda);
                double trialValue = w.tryStep(f, u, step, 1.0);
                double gain = (value - trialValue) / predicted;
                if (predicted > 0.0 && gain > 0.0 && Double.isFinite(trialValue)) {
                    w.accept(u, state, trialValue);
                    if (update == Update.NIELSEN) {
                        double factor = 1.0 - Math.pow(2.0 * gain - 1.0, 3);
                        w.lambda *= Math.max(1.0 / 3.0, factor);
                        w.nu = 2.0;
                    } else {
                        w.lambda /= 10.0;
                    }
                    state.lastStepSize = 1.0;
                    state.lastBacktracks = attempt;
                    return value;
                }
            }
            if (update == Update.NIELSEN) {
                w.lambda *= w.nu;
                w.nu *= 2.0;
            } else {
                w.lambda *= 10.0;
            }
        }
        w.cached = false;
        state.lastBacktracks = maxRejections;
        state.stopReason = "levenberg-marquardt: no damping up to lambda = " + w.lambda + " gives a decrease of J = "
                + value + " (the system cannot be solved or the residuals do not decrease along -grad J); "
                + "the parameters stay at the last accepted point";
        return value;
    }

    private LeastSquaresWork work(OptimizerState state) {
        if (!(state.attachment(this) instanceof LeastSquaresWork w)) {
            throw new IllegalArgumentException("the optimizer state was not created by this "
                    + "Levenberg-Marquardt optimizer's newState");
        }
        return w;
    }

    /** Shared by the Gauss–Newton methods: the system, the trial point and residuals, the cached linearization. */
    static final class LeastSquaresWork implements ResumableState {
        final int n;
        NormalEquations system;
        double[] trial;
        double[] trialResiduals;
        boolean cached;
        double trialValue;
        double lambda = Double.NaN;
        double nu = 2.0;

        LeastSquaresWork(int n) {
            this.n = n;
        }

        /**
         * {@code [λ, ν]}; the cached linearization at the accepted point is not kept, it is recomputed at the same
         * point with the same bits.
         */
        @Override
        public double[] save() {
            return new double[] {lambda, nu};
        }

        @Override
        public void load(double[] saved) {
            ResumableState.requireLength("Gauss–Newton / Levenberg–Marquardt (damping λ, ν)", saved, 2);
            lambda = saved[0];
            nu = saved[1];
            cached = false;
        }

        static LeastSquaresObjective require(String method, Objective objective) {
            if (objective instanceof LeastSquaresObjective f) {
                return f;
            }
            throw new IllegalArgumentException(method + " needs a sum-of-squares objective (a LeastSquaresObjective, "
                    + "e.g. a net with the logistic-ls head), got " + objective.getClass().getSimpleName());
        }

        /** {@code max_i |g_i|} (the Euclidean norm underflows to 0 for entries below 1e-154). */
        static double maxAbs(double[] g) {
            double max = 0.0;
            for (double gi : g) {
                max = Math.max(max, Math.abs(gi));
            }
            return max;
        }

        static boolean isZero(double[] g) {
            for (double gi : g) {
                if (gi != 0.0) {
                    return false;
                }
            }
            return true;
        }

        /** Linearizes at u, reusing the residuals of the accepted trial when u is that point. */
        double linearize(LeastSquaresObjective f, double[] u, OptimizerState state, int denseLimit) {
            if (system == null) {
                system = new NormalEquations(n, f.residualCount(), denseLimit, 1e-6, 2 * n + 10);
                trial = new double[n];
                trialResiduals = new double[f.residualCount()];
            }
            if (cached && Arrays.equals(u, state.point)) {
                return system.linearizeAfterResiduals(f, trialResiduals, trialValue);
            }
            cached = false;
            return system.linearize(f, u);
        }

        /** {@code J(u + α s)}, linearizing f there. */
        double tryStep(LeastSquaresObjective f, double[] u, double[] step, double alpha) {
            for (int i = 0; i < n; i++) {
                trial[i] = u[i] + alpha * step[i];
            }
            trialValue = f.residuals(trial, trialResiduals);
            return trialValue;
        }

        void accept(double[] u, OptimizerState state, double value) {
            System.arraycopy(trial, 0, u, 0, n);
            System.arraycopy(trial, 0, state.point, 0, n);
            trialValue = value;
            cached = true;
        }
    }
}
