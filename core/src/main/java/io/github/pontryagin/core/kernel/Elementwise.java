package io.github.pontryagin.core.kernel;

/** Element-wise operations of {@link DenseKernels} ({@code negate}, {@code multiplyInPlace}); plain Java only. */
final class Elementwise {

    private Elementwise() {
    }

    /** See {@link DenseKernels#negate}. */
    static void negate(double[] x, int xOff, int n) {
        for (int k = 0; k < n; k++) {
            x[xOff + k] = -x[xOff + k];
        }
    }

    /** See {@link DenseKernels#multiplyInPlace}. */
    static void multiplyInPlace(double[] x, int xOff, double[] y, int yOff, int n) {
        for (int k = 0; k < n; k++) {
            x[xOff + k] *= y[yOff + k];
        }
    }
}
