package io.github.pontryagin.odenets;

/**
 * A batch of {@link #size()} points drawn from {@link SparseRows}: point k of the batch is row {@link #row(int)} of
 * the rows, read in place (no copy of its values). A trainer selects the rows of every mini-batch before a step
 * ({@link #select}); an {@link OdeNet} evaluated on the batch lists the non-zeros of each chunk straight from the
 * rows, for the sparse products of its learnable lift, and gives the bits of the same batch passed feature-major
 * ({@link OdeNet#lossAndGradient(double[], double[], int[], int, double[])}). Not thread-safe, but disjoint ranges
 * of points may be selected at once.
 */
public final class SparseBatch {

    private final SparseRows rows;
    private final int[] selected;

    /** A batch of {@code size} points, each row 0 until {@link #select} sets it. */
    public SparseBatch(SparseRows rows, int size) {
        if (rows == null) {
            throw new IllegalArgumentException("rows must not be null");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + size);
        }
        this.rows = rows;
        this.selected = new int[size];
    }

    /** The first {@code count} rows, in order: point k is row k (a data set evaluated whole, or its first points). */
    public static SparseBatch firstRows(SparseRows rows, int count) {
        if (rows != null && count > rows.size()) {
            throw new IllegalArgumentException("count must be at most the " + rows.size() + " rows, got " + count);
        }
        SparseBatch batch = new SparseBatch(rows, count);
        for (int k = 0; k < count; k++) {
            batch.selected[k] = k;
        }
        return batch;
    }

    /**
     * Points {@code k0 ≤ k < k1} of the batch become rows {@code order[from + k]}.
     *
     * @throws IllegalArgumentException for a row outside {@code 0 .. rows.size() − 1} (the points before it are set)
     */
    public void select(int[] order, int from, int k0, int k1) {
        if (k0 < 0 || k1 > selected.length || k0 > k1) {
            throw new IllegalArgumentException("points " + k0 + " .. " + k1 + " are not a range of the batch's "
                    + selected.length + " points");
        }
        if (order == null || from < 0 || (long) from + k1 > order.length) {
            throw new IllegalArgumentException("order must hold entries " + from + " .. " + ((long) from + k1 - 1)
                    + " for points " + k0 + " .. " + k1 + ", got " + (order == null ? "null"
                    : order.length + " entries"));
        }
        int n = rows.size();
        for (int k = k0; k < k1; k++) {
            int p = order[from + k];
            if (p < 0 || p >= n) {
                throw new IllegalArgumentException("order[" + (from + k) + "] = " + p + " is not a row of the "
                        + n + " sparse rows");
            }
            selected[k] = p;
        }
    }

    /** The rows the points are drawn from. */
    public SparseRows rows() {
        return rows;
    }

    /** The number of points. */
    public int size() {
        return selected.length;
    }

    /** The number of coordinates of a point. */
    public int dimension() {
        return rows.dimension();
    }

    /** The row of point k. */
    public int row(int k) {
        return selected[k];
    }

    /** The first listed entry of point k in the rows' arrays. */
    int begin(int k) {
        return rows.start[selected[k]];
    }

    /** One past the last listed entry of point k: the place of its sentinel entry. */
    int end(int k) {
        return rows.start[selected[k] + 1] - 1;
    }

    /** The batch feature-major ({@code d0 × size}, allocates): the dense form of the same inputs. */
    public double[] toFeatureMajor() {
        double[] out = new double[rows.dimension() * selected.length];
        gather(0, selected.length, out);
        return out;
    }

    /** Points {@code start .. start+count} feature-major into {@code out} ({@code d0 × count}). */
    void gather(int start, int count, double[] out) {
        rows.gather(selected, start, count, out, 0, count);
    }
}
