package io.github.pontryagin.core.optim;

/**
 * SSA2, the second sequential-splitting algorithm of Alecsa, Boroş &amp; Pinţa 2019 (backward Euler on the nonlinear
 * part), {@code β_n = n/(n+3)}, n = 0, 1, … the iteration count, v₀ = 0:
 * <pre>
 *   y = u + hβ_n v;   v ← β_nᵏ ((1 − hβ_n)^q v − h∇J(y));   u ← u + (1 − hβ_n)/(β_n + τ) (y − u)
 * </pre>
 * As in the seed, u moves along the old velocity only ({@code y − u = hβ_n v}); the gradient
 * enters u through v one step later. h ≤ 1 keeps {@code 1 − hβ_n > 0} so that a fractional q is
 * defined. The step returns J(y).
 *
 * @param h   step h ∈ (0, 1]
 * @param k   velocity exponent k ≥ 0
 * @param q   damping exponent q ≥ 0
 * @param tau τ &gt; 0 (keeps β₀ + τ &gt; 0)
 */
public record Ssa2(double h, double k, double q, double tau) implements Optimizer {

    public Ssa2 {
        Checks.unitLeftOpen("h", h);
        Checks.nonNegative("k", k);
        Checks.nonNegative("q", q);
        Checks.positive("tau", tau);
    }

    @Override
    public OptimizerState newState(int dimension) {
        return new OptimizerState(dimension, true, false, false, true, false);
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        double[] g = state.gradient;
        double[] v = state.momentum;
        double[] y = state.point;
        double n = state.iteration;
        double beta = n / (n + 3.0);
        double betaK = Math.pow(beta, k);
        double damping = Math.pow(1.0 - h * beta, q);
        double positionWeight = (1.0 - h * beta) / (beta + tau);
        for (int i = 0; i < u.length; i++) {
            y[i] = u[i] + h * beta * v[i];
        }
        double value = objective.valueAndGradient(y, g);
        for (int i = 0; i < u.length; i++) {
            v[i] = betaK * (damping * v[i] - h * g[i]);
            u[i] = u[i] + positionWeight * (y[i] - u[i]);
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }
}
