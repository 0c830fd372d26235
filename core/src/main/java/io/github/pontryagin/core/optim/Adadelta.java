package io.github.pontryagin.core.optim;

/**
 * Adadelta (Zeiler 2012) with a learning rate, as described in Alecsa, Boroş &amp; Pinţa 2019 ("multiplies the learning
 * rate with the square root of the cumulated squares of the updates"):
 * <pre>
 *   G ← ρG + (1−ρ)g²;  Δ = √(D + ε)/√(G + ε) · g;  D ← ρD + (1−ρ)Δ²;  u ← u − α Δ
 * </pre>
 * α = 1 is Zeiler's original method. Alecsa, Boroş &amp; Pinţa 2019, Cano Camarero 2022, Wang 2021 give no explicit formula; this is Zeiler's
 * Algorithm 1 with the learning rate placed as in PyTorch.
 *
 * @param learningRate α &gt; 0
 * @param rho          ρ ∈ [0, 1)
 * @param epsilon      ε &gt; 0
 */
public record Adadelta(double learningRate, double rho, double epsilon) implements Optimizer {

    public Adadelta {
        Checks.positive("learningRate", learningRate);
        Checks.unitHalfOpen("rho", rho);
        Checks.positive("epsilon", epsilon);
    }

    @Override
    public OptimizerState newState(int dimension) {
        return new OptimizerState(dimension, false, true, true, false, false);
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        double[] g = state.gradient;
        double[] gradientAverage = state.secondMoment;
        double[] updateAverage = state.accumulatedUpdate;
        double value = objective.valueAndGradient(u, g);
        for (int i = 0; i < u.length; i++) {
            gradientAverage[i] = rho * gradientAverage[i] + (1.0 - rho) * g[i] * g[i];
            double delta = Math.sqrt(updateAverage[i] + epsilon) / Math.sqrt(gradientAverage[i] + epsilon) * g[i];
            updateAverage[i] = rho * updateAverage[i] + (1.0 - rho) * delta * delta;
            u[i] -= learningRate * delta;
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }
}
