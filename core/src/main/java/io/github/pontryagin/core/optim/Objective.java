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
}
