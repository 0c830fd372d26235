package io.github.pontryagin.odenets;

import java.util.Arrays;

/**
 * The input lift {@code y_0 = L x}, {@code R^{d0} → R^d}: zero padding ({@code L = [I; 0]}, no parameters),
 * or a learnable {@code d × d0} matrix (the parameter block {@link Parameters#lift()}).
 */
final class Lift {

    private final int d0;
    private final int d;
    private final Parameters.Block block;

    Lift(int inputDimension, int width, Parameters.Block block) {
        this.d0 = inputDimension;
        this.d = width;
        this.block = block;
    }

    /** {@code y0 = L x} for points {@code start .. start+size} of a feature-major batch of m, into {@code y0}. */
    void apply(double[] u, double[] x, int m, int start, int size, double[] y0) {
        if (block.isEmpty()) {
            Arrays.fill(y0, 0, d * size, 0.0);
            for (int j = 0; j < d0; j++) {
                System.arraycopy(x, j * m + start, y0, j * size, size);
            }
            return;
        }
        for (int i = 0; i < d; i++) {
            Arrays.fill(y0, i * size, (i + 1) * size, 0.0);
            for (int j = 0; j < d0; j++) {
                double l = u[block.index(i, j)];
                int xj = j * m + start;
                for (int k = 0; k < size; k++) {
                    y0[i * size + k] += l * x[xj + k];
                }
            }
        }
    }

    /** {@code ∂J/∂L = p_0 xᵀ} over the chunk, written into the lift block of {@code gradOut} (if learnable). */
    void gradient(double[] p0, double[] x, int m, int start, int size, double[] gradOut) {
        for (int i = 0; i < block.rows(); i++) {
            for (int j = 0; j < d0; j++) {
                double sum = 0;
                int xj = j * m + start;
                for (int k = 0; k < size; k++) {
                    sum += p0[i * size + k] * x[xj + k];
                }
                gradOut[block.index(i, j)] = sum;
            }
        }
    }
}
