package io.github.pontryagin.core.kernel;

/**
 * Plain-Java variants of {@link DenseKernels#quadSparseTimes} and {@link DenseKernels#groupedSparseOuterSum} (SIMD
 * variant: {@link GroupedSparseSimd}): products of a dense matrix
 * whose {@code rows} entries of one column are adjacent (an input-major matrix, or point-major costates) with a
 * mostly-zero batch whose non-zeros are listed by groups of {@link #GROUP} adjacent input coordinates, every output
 * entry a chain of fused multiply-adds from 0 in the order of its lists.
 */
final class GroupedSparse {

    /** Input coordinates per group: four accumulators (or columns held) per vector of rows in the SIMD variant. */
    static final int GROUP = 4;

    private GroupedSparse() {
    }

    /**
     * Rows {@code i0 .. rows} of input coordinates {@code 4·quadFrom .. min(cols, 4·quadTo)} of a sum over parts,
     * input-major ({@code e = gradOff + j·rows + i}):
     * {@code grad[e] = ((0 + t_0) + t_1) + … + t_{parts−1}}, where {@code t_p = dense[p][e]} when part p is given
     * dense, else the chain of fused multiply-adds from 0 over part p's group {@code ⌊j/4⌋}, in increasing t, of
     * {@code u[p][index[p][t]·rows + i] · values[p][4t + j mod 4]} (point-major {@code u[p]}).
     */
    static void outerSum(int parts, double[][] u, int[][] start, int[][] index, double[][] values, double[][] dense,
                         int rows, int i0, int cols, int quadFrom, int quadTo, double[] grad, int gradOff) {
        for (int q = quadFrom; q < quadTo; q++) {
            int count = Math.min(GROUP, cols - GROUP * q);
            for (int lane = 0; lane < count; lane++) {
                int j = GROUP * q + lane;
                for (int i = i0; i < rows; i++) {
                    int e = gradOff + j * rows + i;
                    double sum = 0.0;
                    for (int p = 0; p < parts; p++) {
                        if (dense[p] != null) {
                            sum += dense[p][e];
                            continue;
                        }
                        double c = 0;
                        for (int t = start[p][q]; t < start[p][q + 1]; t++) {
                            c = Math.fma(u[p][index[p][t] * rows + i], values[p][GROUP * t + lane], c);
                        }
                        sum += c;
                    }
                    grad[e] = sum;
                }
            }
        }
    }

    /**
     * Rows {@code i0 .. rows} of {@link DenseKernels#quadSparseTimes} (from {@code out} as it is): for every group
     * q of four coordinates in increasing order, every listed point k and every coordinate {@code j = 4q + l} of the
     * group in increasing l, {@code out[k·rows + i] = fma(mat[off + j·rows + i], values[4t + l], out[k·rows + i])}.
     */
    static void quadTimes(double[] mat, int off, int rows, int i0, int[] start, int[] index, double[] values,
                          int cols, double[] out) {
        for (int q = 0; GROUP * q < cols; q++) {
            int count = Math.min(GROUP, cols - GROUP * q);
            for (int t = start[q]; t < start[q + 1]; t++) {
                int o = index[t] * rows;
                for (int l = 0; l < count; l++) {
                    int a = off + (GROUP * q + l) * rows;
                    double v = values[GROUP * t + l];
                    for (int i = i0; i < rows; i++) {
                        out[o + i] = Math.fma(mat[a + i], v, out[o + i]);
                    }
                }
            }
        }
    }
}
