package io.github.pontryagin.core.optim;

/**
 * SSA1, the first sequential-splitting algorithm of Alecsa, Boroş &amp; Pinţa 2019 (Alecsa, Boroş, Pinţa 2019) for
 * {@code ẍ + ẋ = −∇E(x)}, with {@code β_n = n/(n+3)}, n = 0, 1, … the iteration count, v₀ = 0:
 * <pre>
 *   y = u + hβ_n v;   v ← β_nᵏ ((1 − hβ_n) v − h∇J(y));   u ← u + β_n(1 − hβ_n)(y − u) − h²∇J(y)
 * </pre>
 * As a flow: Newtonian T (m = 1), damping split off and integrated by forward Euler with the
 * Nesterov-like weight β_n. The step returns J(y).
 *
 * @param h step h &gt; 0
 * @param k velocity exponent k ≥ 0
 */
public record Ssa1(double h, double k) implements Optimizer {

    public Ssa1 {
        Checks.positive("h", h);
        Checks.nonNegative("k", k);
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
        for (int i = 0; i < u.length; i++) {
            y[i] = u[i] + h * beta * v[i];
        }
        double value = objective.valueAndGradient(y, g);
        double damping = 1.0 - h * beta;
        for (int i = 0; i < u.length; i++) {
            v[i] = betaK * (damping * v[i] - h * g[i]);
            u[i] = u[i] + beta * damping * (y[i] - u[i]) - h * h * g[i];
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }
}
