package io.github.pontryagin.odenets;

import java.util.Arrays;

import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * The input lift {@code y_0 = L x}, {@code R^{d0} → R^d}: zero padding ({@code L = [I; 0]}, no parameters),
 * or a learnable {@code d × d0} matrix (the parameter block {@link Parameters#lift()}).
 *
 * <p>The learnable lift is a dense product, {@code L X} forward and {@code P_0 Xᵀ} for its gradient, done by the
 * {@link DenseKernels} (SIMD when the Vector API is present, the same bits without it). The kernels read a
 * contiguous batch: a chunk of a larger batch ({@code size < m}) is first gathered into the caller's scratch array
 * of {@link #scratchSize(int)} values, so that no call allocates. For a wide input (784 pixels of MNIST into
 * d = 64) the lift is the largest product of a forward pass.
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

    /** The length of the scratch array {@link #apply} and {@link #gradient} need for a chunk of {@code size}. */
    int scratchSize(int size) {
        return block.isEmpty() ? 0 : d0 * size;
    }

    /** {@code y0 = L x} for points {@code start .. start+size} of a feature-major batch of m, into {@code y0}. */
    void apply(double[] u, double[] x, int m, int start, int size, double[] y0) {
        apply(u, x, m, start, size, y0, null);
    }

    /**
     * {@code y0 = L x} for points {@code start .. start+size} of a feature-major batch of m, into {@code y0}.
     *
     * @param scratch at least {@link #scratchSize(int)} values when {@code size < m}; may be null otherwise
     */
    void apply(double[] u, double[] x, int m, int start, int size, double[] y0, double[] scratch) {
        if (block.isEmpty()) {
            Arrays.fill(y0, 0, d * size, 0.0);
            for (int j = 0; j < d0; j++) {
                System.arraycopy(x, j * m + start, y0, j * size, size);
            }
            return;
        }
        double[] batch = contiguous(x, m, start, size, scratch);
        DenseKernels.times(u, block.offset(), d, d0, batch, batch == x ? start : 0, size, y0, 0);
    }

    /** {@code ∂J/∂L = p_0 xᵀ} over the chunk, written into the lift block of {@code gradOut} (if learnable). */
    void gradient(double[] p0, double[] x, int m, int start, int size, double[] gradOut) {
        gradient(p0, x, m, start, size, gradOut, null);
    }

    /**
     * {@code ∂J/∂L = p_0 xᵀ} over the chunk, written into the lift block of {@code gradOut} (if learnable).
     *
     * @param scratch at least {@link #scratchSize(int)} values when {@code size < m}; may be null otherwise
     */
    void gradient(double[] p0, double[] x, int m, int start, int size, double[] gradOut, double[] scratch) {
        if (block.isEmpty()) {
            return;
        }
        Arrays.fill(gradOut, block.offset(), block.offset() + d * d0, 0.0);
        double[] batch = contiguous(x, m, start, size, scratch);
        DenseKernels.accumulateOuter(p0, 0, d, batch, batch == x ? start : 0, d0, size, gradOut, block.offset());
    }

    /**
     * The chunk as a contiguous feature-major batch: {@code x} itself when the chunk is the whole batch, else its
     * points gathered into {@code scratch} (a single point without scratch is gathered into a new array: the
     * per-point rows of a Jacobian, which are not a hot path).
     */
    private double[] contiguous(double[] x, int m, int start, int size, double[] scratch) {
        if (size == m) {
            return x;
        }
        double[] out = scratch != null ? scratch : new double[d0 * size];
        if (out.length < d0 * size) {
            throw new IllegalArgumentException("lift scratch has " + out.length + " values, needs d0 * size = "
                    + d0 * size);
        }
        for (int j = 0; j < d0; j++) {
            System.arraycopy(x, j * m + start, out, j * size, size);
        }
        return out;
    }
}
