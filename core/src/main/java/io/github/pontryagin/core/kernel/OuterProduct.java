package io.github.pontryagin.core.kernel;

/**
 * Plain-Java variants of the batch sums of outer products of {@link DenseKernels} ({@code accumulateOuter},
 * {@code accumulateSkewOuter}); the SIMD variant of {@code accumulateOuter} is {@link OuterProductSimd}. Each entry
 * of {@code accumulateOuter} is a {@link Reduction#dot} (the 8-lane order of {@link Reduction}), so both variants
 * give the same bits.
 */
final class OuterProduct {

    private OuterProduct() {
    }

    /** See {@link DenseKernels#accumulateOuter(double[], int, int, double[], int, int, int, double[], int)}. */
    static void accumulateOuter(double[] u, int uOff, int rows, double[] x, int xOff, int cols, int m,
                                double[] grad, int off) {
        for (int i = 0; i < rows; i++) {
            int ui = uOff + i * m;
            for (int j = 0; j < cols; j++) {
                grad[off + i * cols + j] += Reduction.dot(u, ui, x, xOff + j * m, m);
            }
        }
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
