package io.github.pontryagin.odenets;

import java.util.Arrays;

/**
 * The points of a mostly-zero data set (MNIST's pixels are about 81 % zeros) as lists of their non-zero
 * coordinates, point by point (compressed sparse rows), built once from the feature-major data. A {@link SparseBatch}
 * draws its points from them: an {@link OdeNet} evaluates such a batch without a dense batch array
 * ({@link OdeNet#lossAndGradient(double[], SparseBatch, int[], double[])}), and {@link #gather} writes points into a
 * dense one. Only entries whose bits are those of +0.0 are left out (−0.0 and NaN are kept), so that a gathered
 * batch has the bits of the data set and a net's loss and gradient on a sparse batch have those on the dense batch.
 * Each point's list ends with a sentinel entry (coordinate {@link Integer#MAX_VALUE}, value +0.0), so that a merge of
 * several lists reads their next coordinates without a bounds test per list. Immutable.
 */
public final class SparseRows {

    /** Data narrower than this are not converted by {@link #ofMostlyZero} (a point is a cache line or two anyway). */
    public static final int MIN_INPUTS = 64;

    private final int d0;
    private final int m;
    /** Point p's entries are {@code start[p] .. start[p+1] − 2}; its sentinel is at {@code start[p+1] − 1}. */
    final int[] start;
    final int[] index;
    final double[] value;

    private SparseRows(int d0, int m, int[] start, int[] index, double[] value) {
        this.d0 = d0;
        this.m = m;
        this.start = start;
        this.index = index;
        this.value = value;
    }

    /**
     * The sparse rows of feature-major data ({@code features[j·m + k]} is coordinate j of point k): per point its
     * coordinates whose value does not have the bits of +0.0, increasing.
     */
    public static SparseRows of(double[] features, int d0, int m) {
        if (d0 <= 0 || m <= 0) {
            throw new IllegalArgumentException("sparse rows need d0 >= 1 and m >= 1 points, got d0 = " + d0
                    + ", m = " + m);
        }
        if (features == null || features.length != (long) d0 * m) {
            throw new IllegalArgumentException("features must be feature-major d0 × m = " + d0 + " × " + m + " = "
                    + (long) d0 * m + " values, got " + (features == null ? "null" : features.length));
        }
        int[] start = new int[m + 1];
        long nonZero = count(features, d0, m, start);
        if (nonZero > Integer.MAX_VALUE - 16 - (long) m) {
            throw new IllegalArgumentException("the data have " + nonZero + " non-zero entries, more than an array"
                    + " holds");
        }
        return build(features, d0, m, start, (int) nonZero);
    }

    /**
     * The sparse rows of feature-major data when they are worth it, else null: at least {@link #MIN_INPUTS}
     * coordinates and at most half of the entries non-zero.
     */
    public static SparseRows ofMostlyZero(double[] features, int d0, int m) {
        if (d0 < MIN_INPUTS) {
            return null;
        }
        int[] start = new int[m + 1];
        long nonZero = count(features, d0, m, start);
        if (nonZero > (long) d0 * m / 2) {
            return null;
        }
        return build(features, d0, m, start, (int) nonZero);
    }

    private static SparseRows build(double[] features, int d0, int m, int[] start, int nonZero) {
        for (int k = 0; k < m; k++) {
            start[k + 1] += start[k] + 1; // the point's non-zeros and its sentinel
        }
        int[] index = new int[nonZero + m];
        double[] value = new double[nonZero + m];
        int[] next = Arrays.copyOf(start, m);
        for (int j = 0; j < d0; j++) {
            fillRow(features, j, j * m, m, next, index, value);
        }
        for (int k = 0; k < m; k++) {
            index[start[k + 1] - 1] = Integer.MAX_VALUE;
        }
        return new SparseRows(d0, m, start, index, value);
    }

    /** Counts the non-zeros of every point into {@code count[k + 1]}; returns their number. */
    private static long count(double[] features, int d0, int m, int[] count) {
        long nonZero = 0;
        // row by row in small methods: called d0 times, they are compiled after a few rows (a loop over the whole
        // data set in one method waits for an on-stack replacement, which a busy JIT queue delays by seconds)
        for (int j = 0; j < d0; j++) {
            nonZero += countRow(features, j * m, m, count);
        }
        return nonZero;
    }

    /** Counts the non-zeros of one coordinate's row into {@code count[k + 1]} per point k; returns their number. */
    private static int countRow(double[] features, int row, int m, int[] count) {
        int nonZero = 0;
        for (int k = 0; k < m; k++) {
            int one = Double.doubleToRawLongBits(features[row + k]) != 0L ? 1 : 0;
            count[k + 1] += one;
            nonZero += one;
        }
        return nonZero;
    }

    /** Appends the non-zeros of coordinate j's row to their points' lists, at {@code next[k]}. */
    private static void fillRow(double[] features, int j, int row, int m, int[] next, int[] index, double[] value) {
        for (int k = 0; k < m; k++) {
            double v = features[row + k];
            if (Double.doubleToRawLongBits(v) != 0L) {
                int t = next[k]++;
                index[t] = j;
                value[t] = v;
            }
        }
    }

    /** The number of coordinates of a point. */
    public int dimension() {
        return d0;
    }

    /** The number of points. */
    public int size() {
        return m;
    }

    /** The number of listed (non-zero) entries over all points. */
    public int nonZeros() {
        return start[m] - m;
    }

    /** The place of a sentinel entry (point 0's): an empty list to merge. */
    int sentinel() {
        return start[1] - 1;
    }

    /**
     * Points {@code order[from + k]}, {@code k0 ≤ k < k1}, into the columns {@code k0 .. k1} of the feature-major
     * {@code out} ({@code d0 × batch}); no other entry is written, so disjoint ranges of k may be gathered at once.
     */
    public void gather(int[] order, int from, int batch, double[] out, int k0, int k1) {
        for (int j = 0; j < d0; j++) {
            Arrays.fill(out, j * batch + k0, j * batch + k1, 0.0);
        }
        for (int k = k0; k < k1; k++) {
            int p = order[from + k];
            for (int t = start[p]; t < start[p + 1] - 1; t++) {
                out[index[t] * batch + k] = value[t];
            }
        }
    }
}
