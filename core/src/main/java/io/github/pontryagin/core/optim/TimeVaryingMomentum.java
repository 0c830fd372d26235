package io.github.pontryagin.core.optim;

/**
 * Momentum methods whose damping changes with time, {@code ṗ = −∇J(u) − γ(t) p, u̇ = p} (docs/theory.md §3),
 * written with the velocity {@code v_k = u_k − u_{k−1}} ({@code v_0 = 0}):
 * <pre>
 *   look-ahead (Nesterov, FISTA):  y = u_k + β_k v_k;   u_{k+1} = y − α_k ∇J(y)
 *   heavy ball:                    u_{k+1} = u_k − α_k ∇J(u_k) + β_k v_k
 * </pre>
 * <ul>
 *   <li>{@link Rule#SU_BOYD_CANDES}: α_k = s, β_k = (k−1)/(k+2), i.e. {@code y_{k+1} = u_{k+1} + k/(k+3)(u_{k+1} − u_k)};
 *       Su, Boyd and Candès 2016 ("A differential equation for modeling Nesterov's accelerated gradient method",
 *       Theorem 2): as s → 0, {@code u_k ≈ X(k√s)} for the ODE {@code Ẍ + (3/t)Ẋ + ∇J(X) = 0}, the flow with
 *       γ(t) = 3/t, m = 1 and time step h = √s; and {@code J(u_k) − J* ≤ 2‖u_0 − u*‖²/(s(k+1)²)} for convex J
 *       with s ≤ 1/L.</li>
 *   <li>{@link Rule#FISTA}: α_k = s, β_k = (λ_{k−1} − 1)/λ_k with λ_0 = 1, λ_{k+1} = (1 + √(1 + 4λ_k²))/2 (Beck and
 *       Teboulle 2009, without the proximal step); the same O(1/k²) bound.</li>
 *   <li>{@link Rule#HEAVY_BALL}: α_k = α₀/(k+2), β_k = k/(k+2) (Ghadimi, Feyzmahdavian and Johansson 2015),
 *       γ(t) ≈ 2/t.</li>
 * </ul>
 *
 * @param learningRate s (or α₀ for the heavy ball) &gt; 0
 * @param rule         the schedule of (α_k, β_k)
 */
public record TimeVaryingMomentum(double learningRate, Rule rule) implements Optimizer {

    /** The step and momentum schedules. */
    public enum Rule {
        /** β_k = (k−1)/(k+2), fixed step: Nesterov's method for convex J. */
        SU_BOYD_CANDES,
        /** FISTA's β_k = (λ_{k−1} − 1)/λ_k, fixed step. */
        FISTA,
        /** α_k = α₀/(k+2), β_k = k/(k+2), no look-ahead. */
        HEAVY_BALL
    }

    public TimeVaryingMomentum {
        Checks.positive("learningRate", learningRate);
        Checks.notNull("rule", rule);
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = new OptimizerState(dimension, true, false, false, true, false);
        state.attach(this, new double[] {-1.0, 1.0, 1.0});
        return state;
    }

    /** β_k of the current iteration. */
    double momentumCoefficient(long k, OptimizerState state) {
        return switch (rule) {
            case SU_BOYD_CANDES -> k == 0 ? 0.0 : (k - 1.0) / (k + 2.0);
            case HEAVY_BALL -> k / (k + 2.0);
            case FISTA -> {
                if (!(state.attachment(this) instanceof double[] lambda)) {
                    throw new IllegalArgumentException("the optimizer state was not created by this optimizer's newState");
                }
                // lambda = {iteration cached, λ_{k−1}, λ_k}; recomputed from λ_0 after a restored snapshot
                if (lambda[0] != k) {
                    double previous = 1.0;
                    double current = 1.0;
                    for (long j = 0; j < k; j++) {
                        previous = current;
                        current = 0.5 * (1.0 + Math.sqrt(1.0 + 4.0 * current * current));
                    }
                    lambda[1] = previous;
                    lambda[2] = current;
                }
                double beta = k == 0 ? 0.0 : (lambda[1] - 1.0) / lambda[2];
                lambda[0] = k + 1;
                lambda[1] = lambda[2];
                lambda[2] = 0.5 * (1.0 + Math.sqrt(1.0 + 4.0 * lambda[2] * lambda[2]));
                yield beta;
            }
        };
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        long k = state.iteration;
        double beta = momentumCoefficient(k, state);
        double[] g = state.gradient;
        double[] v = state.momentum;
        double[] y = state.point;
        double value;
        if (rule == Rule.HEAVY_BALL) {
            double alpha = learningRate / (k + 2.0);
            value = objective.valueAndGradient(u, g);
            for (int i = 0; i < u.length; i++) {
                v[i] = beta * v[i] - alpha * g[i];
                u[i] += v[i];
            }
        } else {
            for (int i = 0; i < u.length; i++) {
                y[i] = u[i] + beta * v[i];
            }
            value = objective.valueAndGradient(y, g);
            for (int i = 0; i < u.length; i++) {
                double next = y[i] - learningRate * g[i];
                v[i] = next - u[i];
                u[i] = next;
            }
        }
        state.iteration = k + 1;
        state.lastValue = value;
        return value;
    }
}
