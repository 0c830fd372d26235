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
 * d = 128) the lift is the largest product of a forward pass.
 *
 * <p><b>Sparse inputs.</b> With a {@link Workspace} (the chunks of {@link ChunkedEvaluator}) and the sparse
 * products enabled ({@link ExecutionOptions#sparseLift()}), a chunk whose inputs are at least half zeros, of an
 * input of at least {@link #SPARSE_MIN_INPUTS} coordinates, skips the zeros: its non-zero inputs are listed per
 * coordinate and per point (compressed sparse columns and rows, built while the chunk is read, O(d0·size)), and
 * {@code L x} and {@code p_0 xᵀ} become {@link DenseKernels#sparseCombination}s over the non-zeros only, with
 * {@code Lᵀ} copied once per evaluation ({@link #prepare}). MNIST's pixels are about 81 % zeros, so the lift's
 * products cost about a fifth (plus the scan of the chunk and the copy of {@code Lᵀ}). For a finite L the sparse
 * {@code L x} has the bits of the dense one (the same fused multiply-adds in increasing input index, without the
 * terms {@code fma(L_ij, 0, s) = s}; an infinite {@code L_ij} times a zero input is NaN in the dense product
 * only). The sparse {@code ∂J/∂L_ij = Σ_k p_ik x_jk} adds its non-zero terms in increasing k with fused
 * multiply-adds, the dense one all terms in the 8-lane order of the batch sums: the two differ by round-off (a few
 * ulps of each entry, tested to 1e-12 relative).
 */
final class Lift {

    /** Inputs narrower than this always take the dense products (there the lift is a small part of a pass). */
    static final int SPARSE_MIN_INPUTS = 64;
    /** Pixel rows of {@code ∂J/∂L} transposed per block: 64 × d values stay in L1/L2 before they are written. */
    private static final int GRADIENT_BLOCK = 64;

    private final int d0;
    private final int d;
    private final Parameters.Block block;
    private final boolean sparse;
    /** {@code Lᵀ}, {@code d0 × d}, copied from the parameters by {@link #prepare} (sparse products only). */
    private final double[] transposed;

    Lift(int inputDimension, int width, Parameters.Block block) {
        this(inputDimension, width, block, false);
    }

    /** @param sparseProducts whether chunks of mostly-zero inputs may take the sparse products */
    Lift(int inputDimension, int width, Parameters.Block block, boolean sparseProducts) {
        this.d0 = inputDimension;
        this.d = width;
        this.block = block;
        this.sparse = sparseProducts && !block.isEmpty() && inputDimension >= SPARSE_MIN_INPUTS;
        this.transposed = sparse ? new double[d0 * d] : new double[0];
    }

    /** The length of the scratch array {@link #apply} and {@link #gradient} need for a chunk of {@code size}. */
    int scratchSize(int size) {
        return block.isEmpty() ? 0 : d0 * size;
    }

    /** A chunk's workspace for {@link #apply(double[], double[], int, int, int, double[], Workspace)}. */
    Workspace newWorkspace() {
        return new Workspace();
    }

    /**
     * Copies {@code Lᵀ} out of {@code u} for the sparse products of the chunks that follow (a no-op without
     * them); call once per evaluation at {@code u}, before the chunks run.
     */
    void prepare(double[] u) {
        if (!sparse) {
            return;
        }
        int off = block.offset();
        // 16 columns of L at a time: contiguous reads, 16 sequential streams of writes
        for (int j0 = 0; j0 < d0; j0 += 16) {
            int j1 = Math.min(d0, j0 + 16);
            for (int i = 0; i < d; i++) {
                int row = off + i * d0;
                for (int j = j0; j < j1; j++) {
                    transposed[j * d + i] = u[row + j];
                }
            }
        }
    }

    /** {@code y0 = L x} for points {@code start .. start+size} of a feature-major batch of m, into {@code y0}. */
    void apply(double[] u, double[] x, int m, int start, int size, double[] y0) {
        apply(u, x, m, start, size, y0, (double[]) null);
    }

    /**
     * {@code y0 = L x} for points {@code start .. start+size} of a feature-major batch of m, into {@code y0};
     * dense products only.
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

    /**
     * {@code y0 = L x} for a chunk, with the sparse products when its inputs are mostly zeros (see the class
     * comment); the workspace remembers the chunk's inputs for {@link #gradient(double[], double[], int, int, int,
     * double[], Workspace)}. {@link #prepare} must have been called at {@code u}.
     */
    void apply(double[] u, double[] x, int m, int start, int size, double[] y0, Workspace w) {
        if (block.isEmpty()) {
            apply(u, x, m, start, size, y0, (double[]) null);
            return;
        }
        w.sparse = sparse && w.compress(x, m, start, size);
        if (!w.sparse) {
            w.gathered = contiguous(x, m, start, size, size == m ? null : w.scratch(size));
            DenseKernels.times(u, block.offset(), d, d0, w.gathered, w.gathered == x ? start : 0, size, y0, 0);
            return;
        }
        double[] pointMajor = w.pointMajor(size);
        DenseKernels.sparseCombination(w.pointStart, w.pointInput, w.pointValue, 0, size, transposed, d,
                pointMajor, 0);
        for (int k = 0; k < size; k++) {
            for (int i = 0; i < d; i++) {
                y0[i * size + k] = pointMajor[k * d + i];
            }
        }
    }

    /** {@code ∂J/∂L = p_0 xᵀ} over the chunk, written into the lift block of {@code gradOut} (if learnable). */
    void gradient(double[] p0, double[] x, int m, int start, int size, double[] gradOut) {
        gradient(p0, x, m, start, size, gradOut, (double[]) null);
    }

    /**
     * {@code ∂J/∂L = p_0 xᵀ} over the chunk, written into the lift block of {@code gradOut} (if learnable); dense
     * products only.
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
     * {@code ∂J/∂L = p_0 xᵀ} over the chunk that the last {@link #apply(double[], double[], int, int, int, double[],
     * Workspace)} with {@code w} lifted, into the lift block of {@code gradOut}: by the products that apply chose.
     */
    void gradient(double[] p0, double[] x, int m, int start, int size, double[] gradOut, Workspace w) {
        if (block.isEmpty()) {
            return;
        }
        int off = block.offset();
        Arrays.fill(gradOut, off, off + d * d0, 0.0);
        if (!w.sparse) {
            DenseKernels.accumulateOuter(p0, 0, d, w.gathered, w.gathered == x ? start : 0, d0, size, gradOut, off);
            return;
        }
        double[] costates = w.pointMajor(size);
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < size; k++) {
                costates[k * d + i] = p0[i * size + k];
            }
        }
        double[] rows = w.gradientBlock(Math.min(GRADIENT_BLOCK, d0) * d);
        for (int b = 0; b < d0; b += GRADIENT_BLOCK) {
            int j1 = Math.min(d0, b + GRADIENT_BLOCK);
            // coordinates without a non-zero input keep their 0 (their dense sum is one of ±0 terms)
            int j0 = b;
            while (j0 < j1 && w.inputStart[j0] == w.inputStart[j0 + 1]) {
                j0++;
            }
            if (j0 == j1) {
                continue;
            }
            DenseKernels.sparseCombination(w.inputStart, w.inputPoint, w.inputValue, j0, j1, costates, d, rows, 0);
            for (int j = j0; j < j1; j++) {
                if (w.inputStart[j] == w.inputStart[j + 1]) {
                    continue;
                }
                int r = (j - j0) * d;
                for (int i = 0; i < d; i++) {
                    gradOut[off + i * d0 + j] = rows[r + i];
                }
            }
        }
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

    /**
     * A chunk's scratch for the lift: the gathered inputs (dense products) or their non-zeros in compressed sparse
     * columns (per input coordinate j, the points k and values {@code x_jk}, k increasing) and rows (per point, the
     * coordinates j and values, j increasing). Arrays grow with the non-zeros seen and are kept: no allocation
     * per call once a chunk has seen its largest count.
     */
    final class Workspace {
        private double[] scratch = new double[0];
        private double[] gathered;
        private boolean sparse;
        private final int[] inputStart = new int[d0 + 1];
        private int[] inputPoint = new int[0];
        private double[] inputValue = new double[0];
        private int[] pointStart = new int[0];
        private int[] pointInput = new int[0];
        private double[] pointValue = new double[0];
        private double[] pointMajor = new double[0];
        private double[] gradientBlock = new double[0];

        private Workspace() {
        }

        /** Whether the last chunk took the sparse products. */
        boolean sparse() {
            return sparse;
        }

        private double[] scratch(int size) {
            if (scratch.length < d0 * size) {
                scratch = new double[d0 * size];
            }
            return scratch;
        }

        private double[] pointMajor(int size) {
            if (pointMajor.length < d * size) {
                pointMajor = new double[d * size];
            }
            return pointMajor;
        }

        private double[] gradientBlock(int n) {
            if (gradientBlock.length < n) {
                gradientBlock = new double[n];
            }
            return gradientBlock;
        }

        /**
         * Lists the chunk's non-zero inputs by coordinate, then by point (a counting sort, so each point's
         * coordinates stay increasing); false, with nothing usable, when more than half the inputs are non-zero.
         */
        private boolean compress(double[] x, int m, int start, int size) {
            int capacity = d0 * size / 2;
            if (pointStart.length < size + 1) {
                pointStart = new int[size + 1];
            }
            int n = 0;
            for (int j = 0; j < d0; j++) {
                inputStart[j] = n;
                // room for this row before its count is checked; the lists grow with the non-zeros seen, up to
                // the capacity (for MNIST about 19 % of d0 · size, not the half of it that the test allows)
                if (inputPoint.length < n + size) {
                    int grown = Math.min(capacity + size, Math.max(2 * inputPoint.length, n + size));
                    inputPoint = Arrays.copyOf(inputPoint, grown);
                    inputValue = Arrays.copyOf(inputValue, grown);
                }
                int row = j * m + start;
                // four points at a time, skipped when all four are zero (an image's border); else without a
                // branch per input: zeros and non-zeros fall at random inside an image
                int k = 0;
                for (; k + 4 <= size; k += 4) {
                    double v0 = x[row + k];
                    double v1 = x[row + k + 1];
                    double v2 = x[row + k + 2];
                    double v3 = x[row + k + 3];
                    if ((v0 == 0.0) & (v1 == 0.0) & (v2 == 0.0) & (v3 == 0.0)) {
                        continue;
                    }
                    inputPoint[n] = k;
                    inputValue[n] = v0;
                    n += v0 != 0.0 ? 1 : 0;
                    inputPoint[n] = k + 1;
                    inputValue[n] = v1;
                    n += v1 != 0.0 ? 1 : 0;
                    inputPoint[n] = k + 2;
                    inputValue[n] = v2;
                    n += v2 != 0.0 ? 1 : 0;
                    inputPoint[n] = k + 3;
                    inputValue[n] = v3;
                    n += v3 != 0.0 ? 1 : 0;
                }
                for (; k < size; k++) {
                    double v = x[row + k];
                    inputPoint[n] = k;
                    inputValue[n] = v;
                    n += v != 0.0 ? 1 : 0;
                }
                if (n > capacity) {
                    return false;
                }
            }
            inputStart[d0] = n;
            if (pointInput.length < n) {
                pointInput = new int[inputPoint.length];
                pointValue = new double[inputPoint.length];
            }
            Arrays.fill(pointStart, 0, size + 1, 0);
            for (int t = 0; t < n; t++) {
                pointStart[inputPoint[t] + 1]++;
            }
            for (int k = 0; k < size; k++) {
                pointStart[k + 1] += pointStart[k];
            }
            // pointStart[k] is the next free place of point k while filling, then back to its start
            for (int j = 0; j < d0; j++) {
                for (int t = inputStart[j]; t < inputStart[j + 1]; t++) {
                    int place = pointStart[inputPoint[t]]++;
                    pointInput[place] = j;
                    pointValue[place] = inputValue[t];
                }
            }
            for (int k = size; k > 0; k--) {
                pointStart[k] = pointStart[k - 1];
            }
            pointStart[0] = 0;
            return true;
        }
    }
}
