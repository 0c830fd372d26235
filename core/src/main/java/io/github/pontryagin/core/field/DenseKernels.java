package io.github.pontryagin.core.field;

import java.util.Arrays;

/**
 * Small dense products on feature-major batches ({@code x[i*m + k]} is coordinate i of point k).
 * Matrices are row-major slices {@code mat[off + i*cols + j]}. Inner loops run over the batch so
 * the JIT can vectorize them. All methods write into caller arrays and allocate nothing.
 *
 * <p>When {@link VectorApi#ENABLED}, {@code times}, {@code affine}, {@code transposeTimes} and
 * {@code accumulateOuter} run register-blocked SIMD kernels ({@link VectorKernels}) with fused
 * multiply-adds; the plain loops below are the fallback and differ from them only by round-off.
 *
 * <p>The overloads with {@code xOff}, {@code uOff}, {@code outOff} read or write a batch that starts
 * at that index of the array: a slice of a shared scratch array, or one half of a split state.
 */
public final class DenseKernels {

    private DenseKernels() {
    }

    /** {@code out = A x} with A of size rows×cols; x has cols rows of m values. */
    public static void times(double[] mat, int off, int rows, int cols, double[] x, int m, double[] out) {
        times(mat, off, rows, cols, x, 0, m, out, 0);
    }

    /** {@code out = A x} with x read from {@code x[xOff]} and the result written from {@code out[outOff]}. */
    public static void times(double[] mat, int off, int rows, int cols, double[] x, int xOff, int m,
                             double[] out, int outOff) {
        if (VectorApi.ENABLED) {
            VectorKernels.product(mat, off, cols, 1, rows, cols, null, 0, x, xOff, m, out, outOff);
            return;
        }
        for (int i = 0; i < rows; i++) {
            int oi = outOff + i * m;
            double a0 = mat[off + i * cols];
            for (int k = 0; k < m; k++) {
                out[oi + k] = a0 * x[xOff + k];
            }
            for (int j = 1; j < cols; j++) {
                double a = mat[off + i * cols + j];
                int xj = xOff + j * m;
                for (int k = 0; k < m; k++) {
                    out[oi + k] += a * x[xj + k];
                }
            }
        }
    }

    /** {@code out = A x + β 1ᵀ} with A rows×cols at {@code off}, β (length rows) at {@code biasOff}. */
    public static void affine(double[] mat, int off, int rows, int cols, double[] bias, int biasOff,
                              double[] x, int m, double[] out) {
        affine(mat, off, rows, cols, bias, biasOff, x, 0, m, out, 0);
    }

    /** {@code out = A x + β 1ᵀ} with x read from {@code x[xOff]} and out written from {@code out[outOff]}. */
    public static void affine(double[] mat, int off, int rows, int cols, double[] bias, int biasOff,
                              double[] x, int xOff, int m, double[] out, int outOff) {
        if (VectorApi.ENABLED) {
            VectorKernels.product(mat, off, cols, 1, rows, cols, bias, biasOff, x, xOff, m, out, outOff);
            return;
        }
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
                    out[oi + k] += a * x[xj + k];
                }
            }
        }
    }

    /** {@code out = Aᵀ u} with A rows×cols; u has rows rows of m values, out gets cols rows. */
    public static void transposeTimes(double[] mat, int off, int rows, int cols, double[] u, int m, double[] out) {
        transposeTimes(mat, off, rows, cols, u, 0, m, out, 0);
    }

    /** {@code out = Aᵀ u} with u read from {@code u[uOff]} and out written from {@code out[outOff]}. */
    public static void transposeTimes(double[] mat, int off, int rows, int cols, double[] u, int uOff, int m,
                                      double[] out, int outOff) {
        if (VectorApi.ENABLED) {
            VectorKernels.product(mat, off, 1, cols, cols, rows, null, 0, u, uOff, m, out, outOff);
            return;
        }
        Arrays.fill(out, outOff, outOff + cols * m, 0.0);
        for (int i = 0; i < rows; i++) {
            int ui = uOff + i * m;
            for (int j = 0; j < cols; j++) {
                double a = mat[off + i * cols + j];
                int oj = outOff + j * m;
                for (int k = 0; k < m; k++) {
                    out[oj + k] += a * u[ui + k];
                }
            }
        }
    }

    /** {@code grad[off + i*cols + j] += Σ_k u[i*m+k] x[j*m+k]} (the batch sum of {@code u xᵀ}). */
    public static void accumulateOuter(double[] u, int rows, double[] x, int cols, int m, double[] grad, int off) {
        accumulateOuter(u, 0, rows, x, 0, cols, m, grad, off);
    }

    /**
     * The batch sum of {@code u xᵀ} added to {@code grad[off ..]}, u read from {@code u[uOff]} and x from
     * {@code x[xOff]}.
     */
    public static void accumulateOuter(double[] u, int uOff, int rows, double[] x, int xOff, int cols, int m,
                                       double[] grad, int off) {
        if (VectorApi.ENABLED) {
            VectorKernels.accumulateOuter(u, uOff, rows, x, xOff, cols, m, grad, off);
            return;
        }
        for (int i = 0; i < rows; i++) {
            int ui = uOff + i * m;
            for (int j = 0; j < cols; j++) {
                int xj = xOff + j * m;
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s += u[ui + k] * x[xj + k];
                }
                grad[off + i * cols + j] += s;
            }
        }
    }

    /** {@code grad[off + i] += Σ_k u[i*m + k]}. */
    public static void accumulateRowSums(double[] u, int rows, int m, double[] grad, int off) {
        accumulateRowSums(u, 0, rows, m, grad, off);
    }

    /** {@code grad[off + i] += Σ_k u[uOff + i*m + k]}. */
    public static void accumulateRowSums(double[] u, int uOff, int rows, int m, double[] grad, int off) {
        if (VectorApi.ENABLED) {
            for (int i = 0; i < rows; i++) {
                grad[off + i] += VectorKernels.sum(u, uOff + i * m, m);
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            int ui = uOff + i * m;
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += u[ui + k];
            }
            grad[off + i] += s;
        }
    }

    /**
     * {@code Σ_k x[xOff + k] y[yOff + k]} for {@code k < n}: sequential in the plain version; lane-wise partial
     * sums (a fixed order, so deterministic) with the Vector API.
     */
    public static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        if (VectorApi.ENABLED) {
            return VectorKernels.dot(x, xOff, y, yOff, n);
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += x[xOff + k] * y[yOff + k];
        }
        return sum;
    }

    /**
     * {@code out = sign·(K − Kᵀ) x − γ x + β 1ᵀ} for a square d×d matrix K, without forming
     * {@code K − Kᵀ}; {@code bias} may be null for no β. The antisymmetric family uses
     * {@code sign = +1} for its matrix and {@code sign = −1} for the transpose, since
     * {@code (K − Kᵀ − γI)ᵀ = −(K − Kᵀ) − γI}.
     */
    public static void skewShiftAffine(double[] mat, int off, int d, double sign, double gamma,
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

    /**
     * {@code grad[off + i*d + j] += G_ij − G_ji} with {@code G = Σ_k u_k x_kᵀ}: the gradient with
     * respect to K of a function of {@code K − Kᵀ} whose gradient with respect to that difference is G.
     */
    public static void accumulateSkewOuter(double[] u, double[] x, int d, int m, double[] grad, int off) {
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

    /** {@code x[xOff + k] = −x[xOff + k]} for {@code k < n}. */
    public static void negate(double[] x, int xOff, int n) {
        for (int k = 0; k < n; k++) {
            x[xOff + k] = -x[xOff + k];
        }
    }

    /** {@code x[xOff + k] *= y[yOff + k]} for {@code k < n}. */
    public static void multiplyInPlace(double[] x, int xOff, double[] y, int yOff, int n) {
        for (int k = 0; k < n; k++) {
            x[xOff + k] *= y[yOff + k];
        }
    }

    /**
     * {@code out[outOff + k] = y[yOff + k] + c·x[xOff + k]} (multiply, then add: no fused multiply-add), also
     * written to {@code out2[out2Off + k]} when {@code out2} is not null; the same bits with and without the
     * Vector API. {@code out} may be {@code y} at the same offset (an in-place {@code y += c·x}).
     */
    public static void axpyInto(double[] y, int yOff, double c, double[] x, int xOff, double[] out, int outOff,
                                double[] out2, int out2Off, int n) {
        int done = VectorApi.ENABLED ? VectorKernels.axpyInto(y, yOff, c, x, xOff, out, outOff, out2, out2Off, n) : 0;
        for (int k = done; k < n; k++) {
            double v = y[yOff + k] + c * x[xOff + k];
            out[outOff + k] = v;
            if (out2 != null) {
                out2[out2Off + k] = v;
            }
        }
    }

    /** {@code out[outOff + k] = a·x[xOff + k] + b·y[yOff + k]} (two products, then the sum); SIMD-independent bits. */
    public static void linearCombination(double a, double[] x, int xOff, double b, double[] y, int yOff,
                                         double[] out, int outOff, int n) {
        int done = VectorApi.ENABLED ? VectorKernels.linearCombination(a, x, xOff, b, y, yOff, out, outOff, n) : 0;
        for (int k = done; k < n; k++) {
            out[outOff + k] = a * x[xOff + k] + b * y[yOff + k];
        }
    }

    /**
     * {@code y[k] = (((y[k] + c1·x[o1 + k]) + c2·x[o2 + k]) + c3·x[o3 + k]) + c4·x[o4 + k]} for {@code k < n}
     * (products, then sums left to right); SIMD-independent bits.
     */
    public static void accumulateFour(double[] y, double[] x, double c1, int o1, double c2, int o2, double c3, int o3,
                                      double c4, int o4, int n) {
        int done = VectorApi.ENABLED ? VectorKernels.accumulateFour(y, x, c1, o1, c2, o2, c3, o3, c4, o4, n) : 0;
        for (int k = done; k < n; k++) {
            y[k] = y[k] + c1 * x[o1 + k] + c2 * x[o2 + k] + c3 * x[o3 + k] + c4 * x[o4 + k];
        }
    }
}
