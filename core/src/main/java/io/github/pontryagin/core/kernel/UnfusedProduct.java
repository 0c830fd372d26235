package io.github.pontryagin.core.kernel;

/**
 * Plain-Java variant of the unfused products of {@link DenseKernels} (SIMD variant: {@link UnfusedProductSimd}):
 * products with a {@code d × K} matrix W stored row-major (a linear head's weights), each term rounded and then
 * added ({@code s = s + a·b}, never a fused multiply-add), in the order stated per method.
 */
final class UnfusedProduct {

    private UnfusedProduct() {
    }

    /** See {@link DenseKernels#unfusedTransposeAffine}. */
    static void transposeAffine(double[] w, int wOff, int d, int classes, double[] bias, int biasOff, double[] y,
                                int m, double[] out, int k0) {
        for (int c = 0; c < classes; c++) {
            for (int k = k0; k < m; k++) {
                double s = bias[biasOff + c];
                for (int i = 0; i < d; i++) {
                    s = s + w[wOff + i * classes + c] * y[i * m + k];
                }
                out[c * m + k] = s;
            }
        }
    }

    /** See {@link DenseKernels#unfusedScaledTimes}. */
    static void scaledTimes(double[] w, int wOff, int d, int classes, double[] z, int m, double scale, double[] out,
                            int k0) {
        for (int i = 0; i < d; i++) {
            for (int k = k0; k < m; k++) {
                double s = 0.0;
                for (int c = 0; c < classes; c++) {
                    s = s + w[wOff + i * classes + c] * z[c * m + k];
                }
                out[i * m + k] = scale * s;
            }
        }
    }

    /** See {@link DenseKernels#unfusedAccumulateOuter}. */
    static void accumulateOuter(double[] y, int d, double[] b, int classes, int m, double[] grad, int gradOff,
                                int i0) {
        for (int i = i0; i < d; i++) {
            for (int c = 0; c < classes; c++) {
                double s = grad[gradOff + i * classes + c];
                for (int k = 0; k < m; k++) {
                    s = s + b[k * classes + c] * y[i * m + k];
                }
                grad[gradOff + i * classes + c] = s;
            }
        }
    }
}
