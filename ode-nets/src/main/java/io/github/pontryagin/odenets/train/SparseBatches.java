package io.github.pontryagin.odenets.train;

import java.util.Arrays;

/**
 * The training points of a mostly-zero data set (MNIST's pixels are about 81 % zeros) as lists of their non-zero
 * coordinates, point by point (compressed sparse rows), built once per run, from which a mini-batch is gathered
 * into the feature-major batch array: the non-zeros of each drawn point in one contiguous read, instead of one
 * read per coordinate and point from rows of the feature-major data set (for MNIST 78 400 reads per batch of 100,
 * each into another cache line of 340 MB). The batch holds the same values, bit for bit: only entries whose bits
 * are those of +0.0 are left out, and the batch is filled with +0.0 first.
 */
final class SparseBatches {

    /** Inputs narrower than this are gathered directly (a point is a cache line or two anyway). */
    static final int MIN_INPUTS = 64;

    private final int d0;
    private final int[] start;
    private final int[] index;
    private final double[] value;

    private SparseBatches(int d0, int[] start, int[] index, double[] value) {
        this.d0 = d0;
        this.start = start;
        this.index = index;
        this.value = value;
    }

    /**
     * The sparse rows of the feature-major {@code features} ({@code d0 × m}), or null when the data are not worth it:
     * fewer than {@link #MIN_INPUTS} coordinates, or more than half of the entries non-zero.
     */
    static SparseBatches of(double[] features, int d0, int m) {
        if (d0 < MIN_INPUTS) {
            return null;
        }
        // row by row in small methods: called d0 times, they are compiled after a few rows (a loop over the whole
        // data set in one method waits for an on-stack replacement, which a busy JIT queue delays by seconds)
        int[] start = new int[m + 1];
        long nonZero = 0;
        for (int j = 0; j < d0; j++) {
            nonZero += countRow(features, j * m, m, start);
        }
        if (nonZero > (long) d0 * m / 2) {
            return null;
        }
        for (int k = 0; k < m; k++) {
            start[k + 1] += start[k];
        }
        int[] index = new int[(int) nonZero];
        double[] value = new double[(int) nonZero];
        int[] next = Arrays.copyOf(start, m);
        for (int j = 0; j < d0; j++) {
            fillRow(features, j, j * m, m, next, index, value);
        }
        return new SparseBatches(d0, start, index, value);
    }

    /** Counts the non-zeros of one feature's row into {@code count[k + 1]} per point k; returns their number. */
    private static int countRow(double[] features, int row, int m, int[] count) {
        int nonZero = 0;
        for (int k = 0; k < m; k++) {
            int one = Double.doubleToRawLongBits(features[row + k]) != 0L ? 1 : 0;
            count[k + 1] += one;
            nonZero += one;
        }
        return nonZero;
    }

    /** Appends the non-zeros of feature j's row to their points' lists, at {@code next[k]}. */
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

    /**
     * Points {@code order[from + k]}, {@code k0 ≤ k < k1}, into the columns {@code k0 .. k1} of the feature-major
     * {@code out} ({@code d0 × batch}); no other entry is written, so disjoint ranges of k may be gathered at once.
     */
    void gather(int[] order, int from, int batch, double[] out, int k0, int k1) {
        for (int j = 0; j < d0; j++) {
            Arrays.fill(out, j * batch + k0, j * batch + k1, 0.0);
        }
        for (int k = k0; k < k1; k++) {
            int p = order[from + k];
            for (int t = start[p]; t < start[p + 1]; t++) {
                out[index[t] * batch + k] = value[t];
            }
        }
    }
}
