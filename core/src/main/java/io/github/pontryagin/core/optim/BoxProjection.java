package io.github.pontryagin.core.optim;

/**
 * Euclidean projection onto the box {@code [lower, upper]ⁿ}: {@code x_i = min(max(y_i, lower), upper)}.
 * Infinite bounds mean "unbounded on that side".
 *
 * @param lower lower bound, not NaN, &lt; +∞
 * @param upper upper bound, not NaN, &gt; −∞, ≥ lower
 */
public record BoxProjection(double lower, double upper) implements Projection {

    public BoxProjection {
        if (Double.isNaN(lower) || lower == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("lower bound must be a number < +infinity (or -infinity), got " + lower);
        }
        if (Double.isNaN(upper) || upper == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("upper bound must be a number > -infinity (or +infinity), got " + upper);
        }
        if (upper < lower) {
            throw new IllegalArgumentException("upper bound must be >= lower bound " + lower + ", got " + upper);
        }
    }

    @Override
    public void project(double[] u, int from, int to, double[] work) {
        for (int i = from; i < to; i++) {
            u[i] = Math.min(Math.max(u[i], lower), upper);
        }
    }
}
