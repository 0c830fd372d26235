package io.github.pontryagin.core.optim;

/**
 * One step of an iterative minimizer of an {@link Objective}, on any objective, not only nets.
 *
 * <p>Most implementations discretize a {@link DampedHamiltonianFlow}
 * {@code ṗ = −∇J(u) − γp, u̇ = ∇T(p)} (docs/theory.md §3); the textbook names are factory methods in
 * {@link Optimizers}. Implementations are immutable configurations; everything that changes
 * from step to step lives in the {@link OptimizerState} created by {@link #newState(int)}.
 */
public interface Optimizer {

    /**
     * @param dimension number of parameters n
     * @return a fresh state (zero momentum and moments, iteration 0) with every array allocated
     */
    OptimizerState newState(int dimension);

    /**
     * Performs one step, updating {@code u} (and the state) in place.
     *
     * @param objective the objective J
     * @param u         current parameters, overwritten with the new parameters
     * @param state     a state created by this optimizer's {@link #newState(int)}
     * @return the value of J at the point where the step evaluated the gradient (the look-ahead
     *         point for Nesterov, relativistic GD and SSA; the start point {@code u} for line
     *         searches and all other methods)
     */
    double step(Objective objective, double[] u, OptimizerState state);

    /**
     * @param clipping how to clip the gradient
     * @return this optimizer seeing the clipped gradient instead of the true one
     */
    default Optimizer withGradientClipping(GradientClipping clipping) {
        return new ClippedOptimizer(this, clipping);
    }

    /**
     * @param projection projection applied to {@code u} after every step
     * @return this optimizer followed by the projection (projected gradient method)
     */
    default Optimizer withProjection(Projection projection) {
        return new ProjectedOptimizer(this, projection);
    }

    /**
     * @param schedule factor of the step at each iteration
     * @return this optimizer with step k scaled by {@code schedule.factor(k)} ({@link ScheduledOptimizer})
     */
    default Optimizer withSchedule(LearningRateSchedule schedule) {
        return new ScheduledOptimizer(this, schedule);
    }

    /**
     * @param blocks     the blocks of u constrained to Stiefel manifolds (disjoint)
     * @param retraction how steps return to the manifold
     * @return this optimizer on the product of the blocks' Stiefel manifolds: by default the
     *         {@link StiefelOptimizer} wrapper (Riemannian gradient, retraction of the step); methods with their
     *         own manifold form ({@link MecLearning}, {@link ItohAbe}) return it instead
     */
    default Optimizer onStiefel(java.util.List<StiefelBlock> blocks, Retraction retraction) {
        return new StiefelOptimizer(this, blocks, retraction);
    }
}
