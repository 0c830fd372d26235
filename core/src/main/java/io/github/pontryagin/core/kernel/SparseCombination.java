package io.github.pontryagin.core.kernel;

/**
 * Plain-Java variant of {@link DenseKernels#sparseCombination} (SIMD variant: {@link SparseCombinationSimd}): row
 * r of the output is {@code Σ_t values[t] · rows[index[t]]} over the entries t of row r of a compressed sparse
 * matrix, every output entry a chain of fused multiply-adds from 0 in increasing t.
 */
final class SparseCombination {

    private SparseCombination() {
    }

    /** See {@link DenseKernels#sparseCombination}. */
    static void combine(int[] start, int[] index, double[] values, int r0, int r1, double[] rows, int d,
                        double[] out, int outOff) {
        for (int r = r0; r < r1; r++) {
            int o = outOff + (r - r0) * d;
            java.util.Arrays.fill(out, o, o + d, 0.0);
            for (int t = start[r]; t < start[r + 1]; t++) {
                double v = values[t];
                int row = index[t] * d;
                for (int i = 0; i < d; i++) {
                    out[o + i] = Math.fma(rows[row + i], v, out[o + i]);
                }
            }
        }
    }
}
