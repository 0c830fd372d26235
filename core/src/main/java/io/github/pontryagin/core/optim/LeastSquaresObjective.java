package io.github.pontryagin.core.optim;

/**
 * An objective that is a sum of squares, {@code J(u) = ½ ‖r(u)‖²} with residuals {@code r : R^n → R^M}, so that
 * {@code ∇J = J_rᵀ r} and the Gauss–Newton matrix is {@code J_rᵀ J_r} ({@code J_r = ∂r/∂u}, M × n). The paper's
 * logistic least-squares loss {@code (1/2M) Σ (C(y_N) − c)²} is one with {@code r_k = (C(y_N^k) − c^k)/√M}.
 *
 * <p>{@link #residuals} linearizes: the Jacobian products and {@link #jacobian} are taken at the point of the most
 * recent {@code residuals} call (not at points passed to {@link #value} or {@link #valueAndGradient}), so an
 * implementation may keep what its forward evaluation recorded.
 */
public interface LeastSquaresObjective extends Objective {

    /** The number M of residuals. */
    int residualCount();

    /**
     * Evaluates the residuals at {@code u} and makes {@code u} the linearization point.
     *
     * @param rOut receives {@code r(u)}, length M
     * @return {@code J(u) = ½‖r(u)‖²}
     */
    double residuals(double[] u, double[] rOut);

    /** {@code out = J_r v} (length M) at the linearization point; {@code v} has length n. */
    void jacobianTimes(double[] v, double[] out);

    /** {@code out = J_rᵀ w} (length n) at the linearization point; {@code w} has length M. */
    void jacobianTransposeTimes(double[] w, double[] out);

    /**
     * The dense Jacobian at the linearization point, row-major M × n ({@code out[k·n + j] = ∂r_k/∂u_j}), n =
     * {@code out.length / M}. The default takes n products with the unit vectors (allocates; implementations
     * with a cheaper row- or column-wise form override it).
     */
    default void jacobian(double[] out) {
        int m = residualCount();
        int n = out.length / m;
        double[] unit = new double[n];
        double[] column = new double[m];
        for (int j = 0; j < n; j++) {
            unit[j] = 1.0;
            jacobianTimes(unit, column);
            unit[j] = 0.0;
            for (int k = 0; k < m; k++) {
                out[k * n + j] = column[k];
            }
        }
    }

    /** {@code ½‖r(u)‖²} and {@code ∇J = J_rᵀ r}; the default linearizes at {@code u} (allocates). */
    @Override
    default double valueAndGradient(double[] u, double[] gradOut) {
        double[] r = new double[residualCount()];
        double value = residuals(u, r);
        jacobianTransposeTimes(r, gradOut);
        return value;
    }
}
