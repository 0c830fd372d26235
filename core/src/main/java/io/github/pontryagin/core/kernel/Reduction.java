package io.github.pontryagin.core.kernel;

/**
 * Plain-Java variants of the reductions of {@link DenseKernels} ({@code dot}, {@code accumulateRowSums}):
 * sequential sums. The SIMD variant {@link ReductionSimd} adds lane-wise partial sums in a fixed order.
 */
final class Reduction {

    private Reduction() {
    }

    /** See {@link DenseKernels#dot}. */
    static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += x[xOff + k] * y[yOff + k];
        }
        return sum;
    }

    /** See {@link DenseKernels#accumulateRowSums(double[], int, int, int, double[], int)}. */
    static void accumulateRowSums(double[] u, int uOff, int rows, int m, double[] grad, int off) {
        for (int i = 0; i < rows; i++) {
            int ui = uOff + i * m;
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += u[ui + k];
            }
            grad[off + i] += s;
        }
    }
}
