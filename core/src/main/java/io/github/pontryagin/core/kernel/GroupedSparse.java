package io.github.pontryagin.core.kernel;

/**
 * Plain-Java variant of {@link DenseKernels#groupedSparseTimes} and {@link DenseKernels#groupedSparseOuter} (SIMD
 * variant: {@link GroupedSparseSimd}): products of a dense matrix whose {@code rows} entries of one column are
 * adjacent (point-major, or an input-major matrix) with a mostly-zero one whose non-zeros are listed by groups of
 * {@link #GROUP} adjacent points or coordinates, every output entry a chain of fused multiply-adds from 0 in the
 * order of its group's list.
 */
final class GroupedSparse {

    /** Points (or input coordinates) per group: four accumulators per vector of rows in the SIMD variant. */
    static final int GROUP = 4;

    private GroupedSparse() {
    }

    /**
     * Rows {@code i0 .. rows} of
     * {@code out[outOff + i·rowStride + n·colStride] = Σ_{t ∈ group ⌊n/4⌋} src[srcOff + index[t]·rows + i]
     * · values[4t + n mod 4]} for {@code n < count}, each a chain of fused multiply-adds from 0 in increasing t.
     */
    static void product(double[] src, int srcOff, int rows, int i0, int[] start, int[] index, double[] values,
                        int count, double[] out, int outOff, int rowStride, int colStride) {
        for (int i = i0; i < rows; i++) {
            for (int n = 0; n < count; n++) {
                int g = n / GROUP;
                int lane = n - g * GROUP;
                double s = 0;
                for (int t = start[g]; t < start[g + 1]; t++) {
                    s = Math.fma(src[srcOff + index[t] * rows + i], values[GROUP * t + lane], s);
                }
                out[outOff + i * rowStride + n * colStride] = s;
            }
        }
    }
}
