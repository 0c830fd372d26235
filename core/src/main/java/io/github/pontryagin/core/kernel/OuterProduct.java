package io.github.pontryagin.core.kernel;

/**
 * Plain-Java variants of the batch sums of outer products of {@link DenseKernels} ({@code accumulateOuter},
 * {@code accumulateSkewOuter}); the SIMD variant of {@code accumulateOuter} is {@link OuterProductSimd}. Both
 * variants add to every entry the same sum in the same order (see {@link DenseKernels#accumulateOuter}), so they
 * give the same bits.
 */
final class OuterProduct {

    /**
     * An x of at least this many rows (the columns of the gradient block) takes the fused multiply-add chain over
     * the batch; a narrower one the 8-lane order of {@link Reduction}.
     */
    static final int CHAIN_MIN_COLS = 8;

    private OuterProduct() {
    }

    /** See {@link DenseKernels#accumulateOuter(double[], int, int, double[], int, int, int, double[], int)}. */
    static void accumulateOuter(double[] u, int uOff, int rows, double[] x, int xOff, int cols, int m,
                                double[] grad, int off) {
        boolean chain = cols >= CHAIN_MIN_COLS;
        for (int i = 0; i < rows; i++) {
            int ui = uOff + i * m;
            for (int j = 0; j < cols; j++) {
                int xj = xOff + j * m;
                grad[off + i * cols + j] += chain ? fmaChain(u, ui, x, xj, m) : Reduction.dot(u, ui, x, xj, m);
            }
        }
    }

    /** {@code s = fma(u[ui + k], x[xj + k], s)} for k = 0, 1, …, m − 1, from s = 0. */
    static double fmaChain(double[] u, int ui, double[] x, int xj, int m) {
        double s = 0;
        for (int k = 0; k < m; k++) {
            s = Math.fma(u[ui + k], x[xj + k], s);
        }
        return s;
    }

    /** See {@link DenseKernels#accumulateSkewOuter}. */
    static void accumulateSkewOuter(double[] u, double[] x, int d, int m, double[] grad, int off) {
        for (int i = 0; i < d; i++) {
            int ui = i * m;
            int xi = i * m;
            for (int j = 0; j < d; j++) {
                int xj = j * m;
                int uj = j * m;
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s += u[ui + k] * x[xj + k] - u[uj + k] * x[xi + k];
                }
                grad[off + i * d + j] += s;
            }
        }
    }
}
