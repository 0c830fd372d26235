package io.github.pontryagin.core.optim;

/**
 * A Euclidean projection onto a closed convex set, applied in place to a sub-range
 * {@code u[from, to)} of a parameter vector (the ODE-net projects only its step sizes h_n).
 *
 * <p>Implementations: {@link #simplex(double)} (docs/theory.md §1, "ODENet+simplex") and
 * {@link #box(double, double)}. {@link #onRange(int, int)} fixes the sub-range once, e.g. for
 * {@link Optimizer#withProjection(Projection)}.
 */
public interface Projection {

    /**
     * Projects {@code u[from, to)} in place; entries outside the range are not touched.
     *
     * @param u    vector
     * @param from first index, inclusive
     * @param to   last index, exclusive
     * @param work scratch array of length at least {@code to − from}
     */
    void project(double[] u, int from, int to, double[] work);

    /**
     * Projects the whole of {@code u} (allocates a scratch array; use the four-argument form in loops).
     *
     * @param u vector
     */
    default void project(double[] u) {
        project(u, 0, u.length, new double[u.length]);
    }

    /**
     * @param from first index, inclusive, ≥ 0
     * @param to   last index, exclusive, &gt; from
     * @return a projection that acts on {@code u[from, to)} only, whatever range it is given
     *         (the given range must contain {@code [from, to)})
     */
    default Projection onRange(int from, int to) {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("range must satisfy 0 <= from < to, got [" + from + ", " + to + ")");
        }
        Projection base = this;
        return (u, outerFrom, outerTo, work) -> {
            if (from < outerFrom || to > outerTo) {
                throw new IllegalArgumentException("projection range [" + from + ", " + to
                        + ") lies outside the vector range [" + outerFrom + ", " + outerTo + ")");
            }
            base.project(u, from, to, work);
        };
    }

    /**
     * @param total T &gt; 0
     * @return Euclidean projection onto {@code {x ≥ 0, Σx = T}} (sort-based, O(n log n))
     */
    static Projection simplex(double total) {
        return new SimplexProjection(total);
    }

    /**
     * @param lower lower bound (may be −∞)
     * @param upper upper bound ≥ lower (may be +∞)
     * @return Euclidean projection onto the box {@code [lower, upper]ⁿ}, entry-wise clamping
     */
    static Projection box(double lower, double upper) {
        return new BoxProjection(lower, upper);
    }
}
