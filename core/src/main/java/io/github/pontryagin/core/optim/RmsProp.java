package io.github.pontryagin.core.optim;

/**
 * RMSprop (Tieleman &amp; Hinton 2012), as in Wang 2021:
 * {@code S ← ρS + (1−ρ)g²;  u ← u − α g/(√S + ε)}.
 *
 * <p>Alecsa, Boroş &amp; Pinţa 2019 writes the average of g instead of g² (a typo on the slide; its text says "squares
 * of the gradients"); this class follows Wang 2021. As a flow: overdamped (no momentum) gradient
 * flow with the data-adapted diagonal metric {@code √S + ε}.
 *
 * @param learningRate α &gt; 0
 * @param rho          ρ ∈ [0, 1)
 * @param epsilon      ε &gt; 0
 */
public record RmsProp(double learningRate, double rho, double epsilon) implements Optimizer {

    public RmsProp {
        Checks.positive("learningRate", learningRate);
        Checks.unitHalfOpen("rho", rho);
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
            s[i] = rho * s[i] + (1.0 - rho) * g[i] * g[i];
            u[i] -= learningRate * g[i] / (Math.sqrt(s[i]) + epsilon);
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }
}
