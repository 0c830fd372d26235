package io.github.pontryagin.core.optim;

/**
 * An optimizer followed by a {@link Projection} of u after every step (projected gradient /
 * projected momentum method; docs/theory.md §1 "ODENet+simplex"). The momentum is not projected.
 */
final class ProjectedOptimizer implements Optimizer {

    private final Optimizer inner;
    private final Projection projection;

    ProjectedOptimizer(Optimizer inner, Projection projection) {
        this.inner = Checks.notNull("optimizer", inner);
        this.projection = Checks.notNull("projection", projection);
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = inner.newState(dimension);
        state.attach(this, new double[dimension]);
        return state;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Object attached = state.attachment(this);
        if (!(attached instanceof double[] work)) {
            throw new IllegalArgumentException("the optimizer state was not created by this projected optimizer's newState");
        }
        double value = inner.step(objective, u, state);
        projection.project(u, 0, u.length, work);
        return value;
    }

    @Override
    public String toString() {
        return inner + " projected by " + projection;
    }
}
