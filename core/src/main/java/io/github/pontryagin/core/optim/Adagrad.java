package io.github.pontryagin.core.optim;

/**
 * Adagrad (Duchi, Hazan &amp; Singer 2011), as on Wang 2021's second Adagrad slide:
 * {@code S ← S + g²;  u ← u − α g/(√S + ε)}.
 *
 * <p>Wang 2021's first Adagrad slide puts ε inside the root, {@code α/√(ε + S)}; this class uses
 * the update rule of the second slide (ε outside, as in PyTorch). As a flow: overdamped gradient
 * flow with the diagonal metric {@code √S + ε}, which only grows.
 *
 * @param learningRate α &gt; 0
 * @param epsilon      ε &gt; 0
 */
public record Adagrad(double learningRate, double epsilon) implements Optimizer {

    public Adagrad {
        Checks.positive("learningRate", learningRate);
        Checks.positive("epsilon", epsilon);
    }

    @Override
    public OptimizerState newState(int dimension) {
        return new OptimizerState(dimension, false, true, false, false, false);
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        double[] g = state.gradient;
        double[] s = state.secondMoment;
        double value = objective.valueAndGradient(u, g);
        for (int i = 0; i < u.length; i++) {
            s[i] += g[i] * g[i];
            u[i] -= learningRate * g[i] / (Math.sqrt(s[i]) + epsilon);
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }
}
