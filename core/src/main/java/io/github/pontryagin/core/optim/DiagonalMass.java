package io.github.pontryagin.core.optim;

/**
 * A diagonal, time-varying mass {@code M_t} of the kinetic energy {@code T_t(p) = ½ Σ p_i²/M_{t,i}} of a
 * {@link DampedHamiltonianFlow}: the data-adapted preconditioner of Adam, RMSprop, Adagrad and Adadelta
 * (docs/theory.md §3). Each rule keeps its accumulators in the optimizer state; {@link PreconditionedConformalEuler}
 * calls {@link #update} once per step, after the gradient and before the drift, and {@link #afterDrift} after it.
 */
public interface DiagonalMass {

    /**
     * Updates the accumulators with the gradient of step t and writes the mass.
     *
     * @param g           gradient ∇J(u_t)
     * @param t           step number, 1 for the first step
     * @param accumulator  second-moment accumulator (state), updated in place
     * @param accumulator2 second accumulator (state; length 0 unless {@link #usesSecondAccumulator()}), read only
     * @param massOut      receives M_t, entries &gt; 0
     */
    void update(double[] g, long t, double[] accumulator, double[] accumulator2, double[] massOut);

    /**
     * Updates accumulators that depend on the step taken (Adadelta's average of squared updates).
     *
     * @param velocity     the drift velocity {@code ∇T_t(p) = p/M_t} of this step
     * @param accumulator2 second accumulator (state), updated in place
     */
    default void afterDrift(double[] velocity, double[] accumulator2) {
    }

    /** @return whether {@link #afterDrift} uses a second accumulator */
    default boolean usesSecondAccumulator() {
        return false;
    }

    /**
     * Adam's and RMSprop's mass {@code M_t = s (√v̂_t + ε)}: {@code v ← β₂v + (1−β₂)g²},
     * {@code v̂ = v/(1−β₂ᵗ)} (no correction when {@code correctBias} is false), times
     * {@code s = scale·(1 − β₁ᵗ)} (Adam's first-moment bias correction, β₁ = 0 for none).
     *
     * @param beta2 β₂ ∈ [0, 1)
     * @param epsilon ε &gt; 0
     * @param beta1 β₁ ∈ [0, 1) of the bias correction folded into the mass
     * @param correctBias whether to divide by 1 − β₂ᵗ and 1 − β₁ᵗ
     * @param scale s &gt; 0
     */
    record SecondMoment(double beta2, double epsilon, double beta1, boolean correctBias, double scale)
            implements DiagonalMass {

        public SecondMoment {
            Checks.unitHalfOpen("beta2", beta2);
            Checks.positive("epsilon", epsilon);
            Checks.unitHalfOpen("beta1", beta1);
            Checks.positive("scale", scale);
        }

        @Override
        public void update(double[] g, long t, double[] v, double[] unused, double[] massOut) {
            double correction2 = correctBias ? 1.0 - Math.pow(beta2, t) : 1.0;
            double factor = correctBias ? scale * (1.0 - Math.pow(beta1, t)) : scale;
            for (int i = 0; i < g.length; i++) {
                v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
                massOut[i] = factor * (Math.sqrt(v[i] / correction2) + epsilon);
            }
        }
    }

    /**
     * Adagrad's non-decreasing mass {@code M_t = s(√S_t + ε)}, {@code S ← S + g²}.
     *
     * @param epsilon ε &gt; 0
     * @param scale   s &gt; 0
     */
    record Accumulated(double epsilon, double scale) implements DiagonalMass {

        public Accumulated {
            Checks.positive("epsilon", epsilon);
            Checks.positive("scale", scale);
        }

        @Override
        public void update(double[] g, long t, double[] s, double[] unused, double[] massOut) {
            for (int i = 0; i < g.length; i++) {
                s[i] += g[i] * g[i];
                massOut[i] = scale * (Math.sqrt(s[i]) + epsilon);
            }
        }
    }

    /**
     * Adadelta's mass {@code M_t = s √(G_t + ε)/√(D_{t−1} + ε)}, {@code G ← ρG + (1−ρ)g²}, and after the drift
     * {@code D ← ρD + (1−ρ)(velocity/s')²} with {@code s' = 1/s} the learning rate, so that D averages the
     * squared unscaled updates Δ of Zeiler 2012.
     *
     * @param rho     ρ ∈ [0, 1)
     * @param epsilon ε &gt; 0
     * @param scale   s &gt; 0 (1/α)
     */
    record Adadelta(double rho, double epsilon, double scale) implements DiagonalMass {

        public Adadelta {
            Checks.unitHalfOpen("rho", rho);
            Checks.positive("epsilon", epsilon);
            Checks.positive("scale", scale);
        }

        @Override
        public void update(double[] g, long t, double[] gradientAverage, double[] updateAverage, double[] massOut) {
            for (int i = 0; i < g.length; i++) {
                gradientAverage[i] = rho * gradientAverage[i] + (1.0 - rho) * g[i] * g[i];
                massOut[i] = scale * Math.sqrt(gradientAverage[i] + epsilon) / Math.sqrt(updateAverage[i] + epsilon);
            }
        }

        @Override
        public void afterDrift(double[] velocity, double[] updateAverage) {
            for (int i = 0; i < velocity.length; i++) {
                double delta = velocity[i] * scale;
                updateAverage[i] = rho * updateAverage[i] + (1.0 - rho) * delta * delta;
            }
        }

        @Override
        public boolean usesSecondAccumulator() {
            return true;
        }
    }
}
