package io.github.pontryagin.core.optim;

/**
 * A differentiable objective {@code J : R^n → R}, the only thing an {@link Optimizer} sees.
 *
 * <p>Nets, quadratics and Rosenbrock functions all enter the optimizers through this one method,
 * which must write the gradient {@code ∇J(u)} into the caller's array (no allocation expected).
 */
@FunctionalInterface
public interface Objective {

    /**
     * Evaluates the objective and its gradient.
     *
     * @param u       the point, length n; must not be modified
     * @param gradOut receives {@code ∇J(u)}, length n
     * @return {@code J(u)}
     */
    double valueAndGradient(double[] u, double[] gradOut);

    /**
     * {@code J(u)} alone, for line searches and other trial points. The default evaluates the gradient too
     * (into a scratch array); objectives with a cheaper value-only path override it.
     *
     * @param u the point, length n; must not be modified
     * @return {@code J(u)}
     */
    default double value(double[] u) {
        return valueAndGradient(u, new double[u.length]);
    }

    /**
     * The threads an optimizer may use, between two evaluations of this objective, for its element-wise passes over
     * vectors of the parameter dimension ({@link SliceRunner}: the same bits on any number of threads). The default
     * is the calling thread alone; an objective that evaluates on a team of threads of its own (an ODE-net's workers)
     * lends them, since they are idle while the optimizer updates u.
     *
     * @return the runner of this objective's threads, {@link SliceRunner#SERIAL} if it has none
     */
    default SliceRunner sliceRunner() {
        return SliceRunner.SERIAL;
    }
}
