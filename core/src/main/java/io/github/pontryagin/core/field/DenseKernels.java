package io.github.pontryagin.core.field;

/**
 * Small dense products on feature-major batches ({@code x[i*m + k]} is coordinate i of point k).
 * Matrices are row-major slices {@code mat[off + i*cols + j]}. Inner loops run over the batch so
 * the JIT can vectorize them. All methods write into caller arrays and allocate nothing.
 */
public final class DenseKernels {

    private DenseKernels() {
    }

    /** {@code out = A x} with A of size rows×cols; x has cols rows of m values. */
    public static void times(double[] mat, int off, int rows, int cols, double[] x, int m, double[] out) {
        for (int i = 0; i < rows; i++) {
            int oi = i * m;
            double a0 = mat[off + i * cols];
            for (int k = 0; k < m; k++) {
                out[oi + k] = a0 * x[k];
            }
            for (int j = 1; j < cols; j++) {
                double a = mat[off + i * cols + j];
                int xj = j * m;
                for (int k = 0; k < m; k++) {
                    out[oi + k] += a * x[xj + k];
                }
            }
        }
    }

    /** {@code out = A x + β 1ᵀ} with A rows×cols at {@code off}, β (length rows) at {@code biasOff}. */
    public static void affine(double[] mat, int off, int rows, int cols, double[] bias, int biasOff,
                              double[] x, int m, double[] out) {
        for (int i = 0; i < rows; i++) {
            int oi = i * m;
            double bi = bias[biasOff + i];
            for (int k = 0; k < m; k++) {
                out[oi + k] = bi;
            }
            for (int j = 0; j < cols; j++) {
                double a = mat[off + i * cols + j];
                int xj = j * m;
                for (int k = 0; k < m; k++) {
                    out[oi + k] += a * x[xj + k];
                }
            }
        }
    }

    /** {@code out = Aᵀ u} with A rows×cols; u has rows rows of m values, out gets cols rows. */
    public static void transposeTimes(double[] mat, int off, int rows, int cols, double[] u, int m, double[] out) {
        java.util.Arrays.fill(out, 0, cols * m, 0.0);
        for (int i = 0; i < rows; i++) {
            int ui = i * m;
            for (int j = 0; j < cols; j++) {
                double a = mat[off + i * cols + j];
                int oj = j * m;
                for (int k = 0; k < m; k++) {
                    out[oj + k] += a * u[ui + k];
                }
            }
        }
    }

    /** {@code grad[off + i*cols + j] += Σ_k u[i*m+k] x[j*m+k]} (the batch sum of {@code u xᵀ}). */
    public static void accumulateOuter(double[] u, int rows, double[] x, int cols, int m, double[] grad, int off) {
        for (int i = 0; i < rows; i++) {
            int ui = i * m;
            for (int j = 0; j < cols; j++) {
                int xj = j * m;
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
        for (int i = 0; i < rows; i++) {
            int ui = i * m;
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += u[ui + k];
            }
            grad[off + i] += s;
        }
    }
}
