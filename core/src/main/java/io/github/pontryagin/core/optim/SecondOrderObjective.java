package io.github.pontryagin.core.optim;

/**
 * An objective that also gives Hessian–vector products {@code ∇²J(u) v}, for {@link NewtonConjugateGradient}.
 */
public interface SecondOrderObjective extends Objective {

    /**
     * {@code out = ∇²J(u) v}.
     *
     * @param u   the point, length n; not modified
     * @param v   the direction, length n; not modified
     * @param out receives the product, length n
     */
    void hessianTimes(double[] u, double[] v, double[] out);

    /**
     * Hessian–vector products by central differences of the gradient,
     * {@code ∇²J v ≈ (∇J(u + εv) − ∇J(u − εv)) / 2ε} with {@code ε = relativeStep (1 + ‖u‖) / ‖v‖}: two gradient
     * evaluations per product, error O(ε²) plus round-off O(δ/ε) (Nocedal and Wright 2006, eq. 8.20). For an
     * objective without exact second derivatives (e.g. a net, whose exact product needs the second-order adjoint).
     *
     * @param objective    J
     * @param relativeStep ε relative to the scale of u, in (0, 1); about 1e-5 balances truncation and round-off
     */
    static SecondOrderObjective byGradientDifferences(Objective objective, double relativeStep) {
        Checks.notNull("objective", objective);
        Checks.unitOpen("relativeStep", relativeStep);
        if (objective instanceof SecondOrderObjective exact) {
            return exact;
        }
        return new GradientDifferenceHessian(objective, relativeStep);
    }
}
