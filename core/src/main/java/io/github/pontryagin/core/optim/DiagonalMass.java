package io.github.pontryagin.core.optim;

/**
 * A diagonal, time-varying mass {@code M_t} of the kinetic energy {@code T_t(p) = ½ Σ p_i²/M_{t,i}} of a
 * {@link DampedHamiltonianFlow}: the data-adapted preconditioner of Adam, RMSprop, Adagrad and Adadelta
 * (docs/theory.md §3). Each rule keeps its accumulators in the optimizer state; {@link PreconditionedConformalEuler}
 * takes the rule of each step once ({@link #at}) and calls its {@link Step#update} after the gradient and before
 * the drift, and {@link Step#afterDrift} after it, on slices of the entries (possibly on several threads: every
 * entry of the accumulators and the mass depends only on the same entry of the arguments, so any cut gives the
 * same bits).
 */
public interface DiagonalMass {

    /**
     * The rule of step t: what does not depend on the entry (Adam's bias corrections) is computed here, once per
     * step on the caller's thread, so that every slice of the step uses the very same doubles.
     *
     * @param t step number, 1 for the first step
     */
    Step at(long t);

    /** @return whether {@link Step#afterDrift} uses a second accumulator */
    default boolean usesSecondAccumulator() {
        return false;
    }

    /** The mass rule of one step, applied to the entries {@code from ≤ i < to}. */
    interface Step {

        /**
         * Updates the accumulators with the gradient of the step and writes the mass.
         *
         * @param g            gradient ∇J(u_t)
         * @param accumulator  second-moment accumulator (state), updated in place
         * @param accumulator2 second accumulator (state; length 0 unless {@link DiagonalMass#usesSecondAccumulator()}),
         *                     read only
         * @param massOut      receives M_t, entries &gt; 0
         */
        void update(double[] g, double[] accumulator, double[] accumulator2, double[] massOut, int from, int to);

        /**
         * Updates accumulators that depend on the step taken (Adadelta's average of squared updates).
         *
         * @param velocity     the drift velocity {@code ∇T_t(p) = p/M_t} of this step
         * @param accumulator2 second accumulator (state), updated in place
         */
        default void afterDrift(double[] velocity, double[] accumulator2, int from, int to) {
        }
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
        public Step at(long t) {
            double correction2 = correctBias ? 1.0 - Math.pow(beta2, t) : 1.0;
            double factor = correctBias ? scale * (1.0 - Math.pow(beta1, t)) : scale;
            return new SecondMomentStep(beta2, epsilon, correction2, factor);
        }
    }

    /**
     * The rule of one step of {@link SecondMoment}: {@code v ← β₂v + (1−β₂)g²},
     * {@code M = factor·(√(v/correction2) + ε)}. {@link PreconditionedConformalEuler} recognises it and runs the
     * whole step in one fused pass ({@link io.github.pontryagin.core.kernel.DenseKernels#secondMomentStep}), with the
     * same bits as these loops.
     *
     * @param beta2       β₂
     * @param epsilon     ε
     * @param correction2 {@code 1 − β₂ᵗ}, or 1 without bias correction
     * @param factor      {@code s(1 − β₁ᵗ)}, or s
     */
    record SecondMomentStep(double beta2, double epsilon, double correction2, double factor) implements Step {

        @Override
        public void update(double[] g, double[] v, double[] unused, double[] massOut, int from, int to) {
            for (int i = from; i < to; i++) {
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
    record Accumulated(double epsilon, double scale) implements DiagonalMass, DiagonalMass.Step {

        public Accumulated {
            Checks.positive("epsilon", epsilon);
            Checks.positive("scale", scale);
        }

        @Override
        public Step at(long t) {
            return this;
        }

        @Override
        public void update(double[] g, double[] s, double[] unused, double[] massOut, int from, int to) {
            for (int i = from; i < to; i++) {
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
    record Adadelta(double rho, double epsilon, double scale) implements DiagonalMass, DiagonalMass.Step {

        public Adadelta {
            Checks.unitHalfOpen("rho", rho);
            Checks.positive("epsilon", epsilon);
            Checks.positive("scale", scale);
        }

        @Override
        public Step at(long t) {
            return this;
        }

        @Override
        public void update(double[] g, double[] gradientAverage, double[] updateAverage, double[] massOut, int from,
                           int to) {
            for (int i = from; i < to; i++) {
                gradientAverage[i] = rho * gradientAverage[i] + (1.0 - rho) * g[i] * g[i];
                massOut[i] = scale * Math.sqrt(gradientAverage[i] + epsilon) / Math.sqrt(updateAverage[i] + epsilon);
            }
        }

        @Override
        public void afterDrift(double[] velocity, double[] updateAverage, int from, int to) {
            for (int i = from; i < to; i++) {
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
