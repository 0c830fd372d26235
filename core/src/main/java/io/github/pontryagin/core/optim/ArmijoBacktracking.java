package io.github.pontryagin.core.optim;

/**
 * Gradient descent with Armijo backtracking: starting from {@code τ = τ₀}, shrink {@code τ ← ρτ}
 * until {@code J(u − τg) ≤ J(u) − c τ ‖g‖²}, {@code g = ∇J(u)}, then {@code u ← u − τg}
 * (Celledoni 2020, "τ chosen via backtracking"; docs/theory.md §3, suite B uses ρ = 0.5, c = 0.4).
 *
 * <p>Every step restarts from τ₀. If no τ is accepted within {@code maxBacktracks} reductions
 * (only possible at a point where the gradient is not a usable descent direction in floating point),
 * {@code u} is left unchanged and {@link OptimizerState#lastStepSize()} is 0. Trial points are
 * evaluated with {@link Objective#valueAndGradient}; the gradient there is discarded. The step
 * returns {@code J(u)} at the start point.
 *
 * @param initialStep   τ₀ &gt; 0
 * @param shrink        ρ ∈ (0, 1)
 * @param sufficientDecrease c ∈ (0, 1)
 * @param maxBacktracks maximum number of reductions per step, ≥ 1
 */
public record ArmijoBacktracking(double initialStep, double shrink, double sufficientDecrease, int maxBacktracks)
        implements Optimizer {

    public ArmijoBacktracking {
        Checks.positive("initialStep", initialStep);
        Checks.unitOpen("shrink (rho)", shrink);
        Checks.unitOpen("sufficientDecrease (c)", sufficientDecrease);
        if (maxBacktracks < 1) {
            throw new IllegalArgumentException("maxBacktracks must be >= 1, got " + maxBacktracks);
        }
    }

    @Override
    public OptimizerState newState(int dimension) {
        return new OptimizerState(dimension, false, false, false, true, true);
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        double[] g = state.gradient;
        double[] trial = state.point;
        double[] trialGradient = state.work;
        double value = objective.valueAndGradient(u, g);
        double gradientNormSquared = 0.0;
        for (double gi : g) {
            gradientNormSquared += gi * gi;
        }
        double tau = initialStep;
        state.lastStepSize = 0.0;
        state.lastBacktracks = maxBacktracks;
        for (int k = 0; k <= maxBacktracks; k++) {
            for (int i = 0; i < u.length; i++) {
                trial[i] = u[i] - tau * g[i];
            }
            double trialValue = objective.valueAndGradient(trial, trialGradient);
            if (trialValue <= value - sufficientDecrease * tau * gradientNormSquared) {
                System.arraycopy(trial, 0, u, 0, u.length);
                state.lastStepSize = tau;
                state.lastBacktracks = k;
                break;
            }
            tau *= shrink;
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }
}
