package io.github.pontryagin.core.optim;

/**
 * The Hessian–vector products of the objective a Newton method is stepping on, made once per objective: the
 * objective's own when it is a {@link SecondOrderObjective}, else central differences of its gradient
 * ({@link SecondOrderObjective#byGradientDifferences}, relative step 1e-5). Part of an optimizer state's work.
 */
final class HessianProducts {

    private Objective wrapped;
    private SecondOrderObjective second;

    /** The products of {@code objective}: the same instance as long as the objective is the same. */
    SecondOrderObjective of(Objective objective) {
        if (objective != wrapped) {
            wrapped = objective;
            second = SecondOrderObjective.byGradientDifferences(objective, 1e-5);
        }
        return second;
    }
}
