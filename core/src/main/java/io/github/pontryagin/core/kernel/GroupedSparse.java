package io.github.pontryagin.core.kernel;

/**
 * Plain-Java variant of {@link DenseKernels#groupedSparseTimes} and {@link DenseKernels#groupedSparseOuter} (SIMD
 * variant: {@link GroupedSparseSimd}): products with a mostly-zero matrix whose non-zeros are listed by groups of
 * {@link #GROUP} adjacent points or coordinates, every output entry a chain of fused multiply-adds from 0 in the
 * order of its group's list.
 */
final class GroupedSparse {

    /** Points (or input coordinates) per group: the four lanes of a 256-bit vector of doubles. */
    static final int GROUP = 4;

    private GroupedSparse() {
    }

    /** See {@link DenseKernels#groupedSparseTimes}. */
    static void times(double[] mat, int off, int rows, int cols, int[] start, int[] index, double[] values, int m,
                      double[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            timesRow(mat, off + i * cols, start, index, values, 0, m, out, outOff + i * m);
        }
    }

    /** Points {@code k0 .. k1} of one row of {@link #times}: {@code mat} row at {@code row}, output row at {@code o}. */
    static void timesRow(double[] mat, int row, int[] start, int[] index, double[] values, int k0, int k1,
                         double[] out, int o) {
        for (int k = k0; k < k1; k++) {
            int g = k / GROUP;
            int lane = k - g * GROUP;
            double s = 0;
            for (int t = start[g]; t < start[g + 1]; t++) {
                s = Math.fma(mat[row + index[t]], values[GROUP * t + lane], s);
            }
            out[o + k] = s;
        }
    }

    /** See {@link DenseKernels#groupedSparseOuter}. */
    static void outer(double[] u, int uOff, int rows, int[] start, int[] index, double[] values, int cols,
                      double[] grad, int gradOff) {
        for (int i = 0; i < rows; i++) {
            outerRow(u, uOff + i, rows, start, index, values, 0, cols, grad, gradOff + i * cols);
        }
    }

    /**
     * Coordinates {@code j0 .. j1} of one row of {@link #outer}: u's entry of point k at {@code row + k·rows},
     * gradient row at {@code o}.
     */
    static void outerRow(double[] u, int row, int rows, int[] start, int[] index, double[] values, int j0, int j1,
                         double[] grad, int o) {
        for (int j = j0; j < j1; j++) {
            int q = j / GROUP;
            int lane = j - q * GROUP;
            double s = 0;
            for (int t = start[q]; t < start[q + 1]; t++) {
                s = Math.fma(u[row + index[t] * rows], values[GROUP * t + lane], s);
            }
            grad[o + j] = s;
        }
    }
}
