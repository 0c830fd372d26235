package io.github.pontryagin.core.optim;

/**
 * Gradient descent with a fixed step: explicit Euler on the gradient flow {@code u̇ = −∇J(u)},
 * {@code u ← u − τ ∇J(u)} (Alecsa, Boroş &amp; Pinţa 2019 "Gradient Descent"; Cano Camarero 2022 eq. 1; docs/theory.md §3).
 *
 * <p>It is the overdamped limit of {@link DampedHamiltonianFlow}: for γ → ∞ the momentum relaxes
 * to {@code p ≈ −∇J/γ} and, in the time {@code t/(γm)}, {@code u̇ = −∇J(u)}; equivalently heavy
 * ball with momentum μ = 0.
 *
 * @param learningRate τ &gt; 0
 */
public record GradientDescent(double learningRate) implements Optimizer {

    public GradientDescent {
        Checks.positive("learningRate", learningRate);
    }

    @Override
    public OptimizerState newState(int dimension) {
        return new OptimizerState(dimension, false, false, false, false, false);
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        double[] g = state.gradient;
        double value = objective.valueAndGradient(u, g);
        for (int i = 0; i < u.length; i++) {
            u[i] -= learningRate * g[i];
        }
        state.iteration++;
        state.lastValue = value;
        state.lastStepSize = learningRate;
        return value;
    }
}
