package io.github.pontryagin.core.kernel;

import java.util.Arrays;

/**
 * Plain-Java variants of the matrix products of {@link DenseKernels} ({@code times}, {@code affine},
 * {@code transposeTimes}, {@code skewShiftAffine}); the SIMD variant of the first three is
 * {@link MatrixProductSimd}. Inner loops run over the batch so that the JIT can vectorize them. In {@code times},
 * {@code affine} and {@code transposeTimes} every output entry starts at its bias (or 0) and adds its terms in
 * increasing inner index with one fused multiply-add each ({@link Math#fma}), the order and rounding of
 * {@link MatrixProductSimd}, so both variants give the same bits.
 */
final class MatrixProduct {

    private MatrixProduct() {
    }

    /** See {@link DenseKernels#times(double[], int, int, int, double[], int, int, double[], int)}. */
    static void times(double[] mat, int off, int rows, int cols, double[] x, int xOff, int m,
                      double[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            int oi = outOff + i * m;
            Arrays.fill(out, oi, oi + m, 0.0);
            for (int j = 0; j < cols; j++) {
                double a = mat[off + i * cols + j];
                int xj = xOff + j * m;
                for (int k = 0; k < m; k++) {
                    out[oi + k] = Math.fma(a, x[xj + k], out[oi + k]);
                }
            }
        }
    }

    /** See {@link DenseKernels#affine(double[], int, int, int, double[], int, double[], int, int, double[], int)}. */
    static void affine(double[] mat, int off, int rows, int cols, double[] bias, int biasOff,
                       double[] x, int xOff, int m, double[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            int oi = outOff + i * m;
            double bi = bias[biasOff + i];
            for (int k = 0; k < m; k++) {
                out[oi + k] = bi;
            }
            for (int j = 0; j < cols; j++) {
                double a = mat[off + i * cols + j];
                int xj = xOff + j * m;
                for (int k = 0; k < m; k++) {
                    out[oi + k] = Math.fma(a, x[xj + k], out[oi + k]);
                }
            }
        }
    }

    /** See {@link DenseKernels#transposeTimes(double[], int, int, int, double[], int, int, double[], int)}. */
    static void transposeTimes(double[] mat, int off, int rows, int cols, double[] u, int uOff, int m,
                               double[] out, int outOff) {
        Arrays.fill(out, outOff, outOff + cols * m, 0.0);
        for (int i = 0; i < rows; i++) {
            int ui = uOff + i * m;
            for (int j = 0; j < cols; j++) {
                double a = mat[off + i * cols + j];
                int oj = outOff + j * m;
                for (int k = 0; k < m; k++) {
                    out[oj + k] = Math.fma(a, u[ui + k], out[oj + k]);
                }
            }
        }
    }

    /** See {@link DenseKernels#skewShiftAffine}. */
    static void skewShiftAffine(double[] mat, int off, int d, double sign, double gamma,
                                double[] bias, int biasOff, double[] x, int m, double[] out) {
        for (int i = 0; i < d; i++) {
            int oi = i * m;
            double bi = bias == null ? 0.0 : bias[biasOff + i];
            for (int k = 0; k < m; k++) {
                out[oi + k] = bi - gamma * x[oi + k];
            }
            for (int j = 0; j < d; j++) {
                double a = sign * (mat[off + i * d + j] - mat[off + j * d + i]);
                int xj = j * m;
                for (int k = 0; k < m; k++) {
                    out[oi + k] += a * x[xj + k];
                }
            }
        }
    }
}
