package io.github.pontryagin.core.optim;

/**
 * Adam with bias correction and optional decoupled weight decay (AdamW), t = iteration + 1:
 * <pre>
 *   m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);
 *   u ← u − α (m̂/(√v̂ + ε) + λu)
 * </pre>
 * Cano Camarero 2022 (Kingma &amp; Ba, eqs. 23–33) for Adam; AdamW (Loshchilov &amp; Hutter 2019) with the
 * decay multiplied by the learning rate as in PyTorch, λ = 0 giving Adam. Wang 2021's Adam slide
 * swaps β₁/β₂, puts ε inside the square root and omits the bias correction; this class follows
 * Cano Camarero 2022 and docs/theory.md §3.4 (with bias correction). Neither lecture gives AdamW's formula.
 *
 * <p>As a damped Hamiltonian flow: {@code −m} is the momentum, damped by {@code e^{−γh} = β₁} and
 * kicked by {@code h = 1−β₁}; the drift uses the data-adapted diagonal mass {@code √v̂ + ε}
 * (conformal Euler with a diagonal metric, docs/theory.md §3).
 *
 * @param learningRate α &gt; 0
 * @param beta1        β₁ ∈ [0, 1)
 * @param beta2        β₂ ∈ [0, 1)
 * @param epsilon      ε &gt; 0
 * @param weightDecay  λ ≥ 0 (decoupled; 0 for plain Adam)
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
        implements Optimizer {

    public Adam {
        Checks.positive("learningRate", learningRate);
        Checks.unitHalfOpen("beta1", beta1);
        Checks.unitHalfOpen("beta2", beta2);
        Checks.positive("epsilon", epsilon);
        Checks.nonNegative("weightDecay", weightDecay);
    }

    @Override
    public OptimizerState newState(int dimension) {
        return new OptimizerState(dimension, true, true, false, false, false);
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        double[] g = state.gradient;
        double[] m = state.momentum;
        double[] v = state.secondMoment;
        double value = objective.valueAndGradient(u, g);
        long t = state.iteration + 1;
        double correction1 = 1.0 - Math.pow(beta1, t);
        double correction2 = 1.0 - Math.pow(beta2, t);
        for (int i = 0; i < u.length; i++) {
            m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
            double mHat = m[i] / correction1;
            double vHat = v[i] / correction2;
            u[i] -= learningRate * (mHat / (Math.sqrt(vHat) + epsilon) + weightDecay * u[i]);
        }
        state.iteration = t;
        state.lastValue = value;
        return value;
    }
}
