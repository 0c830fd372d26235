package io.github.pontryagin.core.optim;

/**
 * An optimizer that sees the clipped gradient {@code clip(∇J)} in place of {@code ∇J}
 * ({@link GradientClipping}); line searches then test their condition with the clipped gradient.
 */
final class ClippedOptimizer implements Optimizer {

    private final Optimizer inner;
    private final GradientClipping clipping;

    ClippedOptimizer(Optimizer inner, GradientClipping clipping) {
        this.inner = Checks.notNull("optimizer", inner);
        this.clipping = Checks.notNull("clipping", clipping);
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = inner.newState(dimension);
        state.attach(this, new ClippedObjective(clipping));
        return state;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Object attached = state.attachment(this);
        if (!(attached instanceof ClippedObjective clipped)) {
            throw new IllegalArgumentException("the optimizer state was not created by this clipped optimizer's newState");
        }
        clipped.delegate = objective;
        try {
            return inner.step(clipped, u, state);
        } finally {
            clipped.delegate = null;
        }
    }

    @Override
    public String toString() {
        return inner + " with " + clipping;
    }

    /** Reused per state so that a step allocates nothing. */
    private static final class ClippedObjective implements Objective {
        private final GradientClipping clipping;
        private Objective delegate;

        ClippedObjective(GradientClipping clipping) {
            this.clipping = clipping;
        }

        @Override
        public double valueAndGradient(double[] u, double[] gradOut) {
            double value = delegate.valueAndGradient(u, gradOut);
            clipping.clip(gradOut);
            return value;
        }

        @Override
        public double value(double[] u) {
            return delegate.value(u);
        }

        /** The wrapped objective's threads: clipping changes the gradient, not who may update u. */
        @Override
        public SliceRunner sliceRunner() {
            return delegate.sliceRunner();
        }
    }
}
