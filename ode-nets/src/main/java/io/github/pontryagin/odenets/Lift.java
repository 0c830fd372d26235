package io.github.pontryagin.odenets;

import java.util.Arrays;

import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * The input lift {@code y_0 = L x}, {@code R^{d0} → R^d}: zero padding ({@code L = [I; 0]}, no parameters),
 * or a learnable {@code d × d0} matrix, stored as {@code Lᵀ} (the {@code d0 × d} parameter block
 * {@link Parameters#lift()}: the d entries of one input's column adjacent).
 *
 * <p>The learnable lift is a dense product, {@code L X} forward ({@code transposeTimes} of the stored {@code Lᵀ})
 * and {@code X P_0ᵀ} for the gradient of {@code Lᵀ} (the sums of {@code P_0 Xᵀ}, written transposed), done by the
 * {@link DenseKernels} (SIMD when the Vector API is present, the same bits without it). The kernels read a
 * contiguous batch: a chunk of a larger batch ({@code size < m}) is first gathered into the caller's scratch array
 * of {@link #scratchSize(int)} values, so that no call allocates. For a wide input (784 pixels of MNIST into
 * d = 128) the lift is the largest product of a forward pass.
 *
 * <p><b>Sparse inputs.</b> With a {@link Workspace} (the chunks of {@link ChunkedEvaluator}) and the sparse
 * products enabled ({@link ExecutionOptions#sparseLift()}), a chunk whose inputs are at least half zeros, of an
 * input of at least {@link #SPARSE_MIN_INPUTS} coordinates, skips the zeros. Its inputs are read once per call and
 * listed once per call by groups of four coordinates (built while the chunk is read): per group the points at which
 * one of its coordinates is non-zero, with the four values. Both products read them: {@code L x}
 * ({@link DenseKernels#quadSparseTimes}: each group's four columns of L read once, in order, and added to the rows of
 * every point listed) and {@code x p_0ᵀ} ({@link DenseKernels#groupedSparseOuterSum}, where the chunks' gradients
 * are summed). MNIST's pixels are about 81 % zeros, and a group of four adjacent pixels of an image is blank at
 * about 72 % of the places (of four images at one pixel: 61 %), so the lift's products cost about 28 % of the dense
 * ones (plus the scan of the chunk). The listed zeros add terms {@code fma(a, 0, s) = s}: for a finite L the sparse
 * {@code L x} has the bits of the dense one (the same fused
 * multiply-adds in increasing input index, without the terms of zero inputs; an infinite {@code L_ij} times a zero
 * input is NaN in the dense product, and in the sparse one only when another coordinate of j's group of four is
 * non-zero at that point).
 * For a finite {@code p_0} the sparse {@code ∂J/∂L_ij = Σ_k p_ik x_jk} adds its non-zero terms in increasing k with
 * fused multiply-adds, the dense one ({@link DenseKernels#accumulateOuterTransposed}) all terms in the same chain:
 * the same bits again.
 */
final class Lift {

    /** Inputs narrower than this always take the dense products (there the lift is a small part of a pass). */
    static final int SPARSE_MIN_INPUTS = 64;
    /** Points, or input coordinates, per group of the sparse products. */
    private static final int GROUP = DenseKernels.SPARSE_GROUP;

    private final int d0;
    private final int d;
    private final Parameters.Block block;
    private final boolean sparse;

    Lift(int inputDimension, int width, Parameters.Block block) {
        this(inputDimension, width, block, false);
    }

    /** @param sparseProducts whether chunks of mostly-zero inputs may take the sparse products */
    Lift(int inputDimension, int width, Parameters.Block block, boolean sparseProducts) {
        this.d0 = inputDimension;
        this.d = width;
        this.block = block;
        this.sparse = sparseProducts && !block.isEmpty() && inputDimension >= SPARSE_MIN_INPUTS;
    }

    /** The length of the scratch array {@link #apply} and {@link #gradient} need for a chunk of {@code size}. */
    int scratchSize(int size) {
        return block.isEmpty() ? 0 : d0 * size;
    }

    /** A chunk's workspace for {@link #apply(double[], double[], int, int, int, double[], Workspace)}. */
    Workspace newWorkspace() {
        return new Workspace();
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
        DenseKernels.transposeTimes(u, block.offset(), d0, d, batch, batch == x ? start : 0, size, y0, 0);
    }

    /**
     * {@code y0 = L x} for a chunk, with the sparse products when its inputs are mostly zeros (see the class
     * comment); the workspace remembers the chunk's inputs for {@link #gradient(double[], double[], int, int, int,
     * double[], Workspace)}.
     */
    void apply(double[] u, double[] x, int m, int start, int size, double[] y0, Workspace w) {
        if (block.isEmpty()) {
            apply(u, x, m, start, size, y0, (double[]) null);
            return;
        }
        w.sparse = sparse && w.compress(x, m, start, size);
        if (!w.sparse) {
            w.gathered = contiguous(x, m, start, size, size == m ? null : w.scratch(size));
            DenseKernels.transposeTimes(u, block.offset(), d0, d, w.gathered, w.gathered == x ? start : 0, size, y0,
                    0);
            return;
        }
        sparseTimes(u, size, y0, w);
    }

    /**
     * {@code y0 = L x} for points {@code start .. start+size} of a sparse batch: the chunk's lists built from the
     * batch's rows (no scan of a dense batch) for the sparse products, or, when they are off, the chunk gathered
     * into the workspace for the dense ones; the same bits either way (see the class comment). The workspace
     * remembers the chunk's inputs for {@link #gradient(double[], double[], int, int, int, double[], Workspace)}
     * (whose {@code x} and {@code m} are then not read).
     */
    void apply(double[] u, SparseBatch batch, int start, int size, double[] y0, Workspace w) {
        if (block.isEmpty() || !sparse) {
            double[] chunk = w.scratch(size);
            batch.gather(start, size, chunk);
            w.sparse = false;
            w.gathered = chunk;
            if (block.isEmpty()) {
                apply(u, chunk, size, 0, size, y0, (double[]) null);
            } else {
                DenseKernels.transposeTimes(u, block.offset(), d0, d, chunk, 0, size, y0, 0);
            }
            return;
        }
        w.listRows(batch, start, size);
        w.sparse = true;
        sparseTimes(u, size, y0, w);
    }

    /** {@code ∂J/∂Lᵀ = x p_0ᵀ} over the chunk, written into the lift block of {@code gradOut} (if learnable). */
    void gradient(double[] p0, double[] x, int m, int start, int size, double[] gradOut) {
        gradient(p0, x, m, start, size, gradOut, (double[]) null);
    }

    /**
     * {@code ∂J/∂Lᵀ = x p_0ᵀ} over the chunk, written into the lift block of {@code gradOut} (if learnable); dense
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
        DenseKernels.accumulateOuterTransposed(p0, 0, d, batch, batch == x ? start : 0, d0, size, gradOut,
                block.offset());
    }

    /**
     * {@code ∂J/∂Lᵀ = x p_0ᵀ} over the chunk that the last {@link #apply(double[], double[], int, int, int, double[],
     * Workspace)} with {@code w} lifted, by the products that apply chose. A chunk of the dense products writes it
     * into the lift block of {@code gradOut} and returns false. A chunk of the sparse products keeps its {@code p_0}
     * (point by point, in the workspace: the kernel loads vectors of adjacent rows) and returns true, writing
     * nothing: {@link #addGradientSum} computes its gradient where the chunks' gradients are added. A lift without
     * parameters returns false.
     */
    boolean gradient(double[] p0, double[] x, int m, int start, int size, double[] gradOut, Workspace w) {
        if (block.isEmpty()) {
            return false;
        }
        if (w.sparse) {
            pointMajor(p0, size, w);
            return true;
        }
        int off = block.offset();
        Arrays.fill(gradOut, off, off + d * d0, 0.0);
        DenseKernels.accumulateOuterTransposed(p0, 0, d, w.gathered, w.gathered == x ? start : 0, d0, size, gradOut,
                off);
        return false;
    }

    /** Groups of four input coordinates: the units in which {@link #addGradientSum} splits ∂J/∂Lᵀ. */
    int quads() {
        return (d0 + GROUP - 1) / GROUP;
    }

    /**
     * The work of group q of four coordinates in {@link #addGradientSum}, in the vector operations of a block of d
     * rows: its listed points in the chunks whose gradient is kept, one writing, and one addition per chunk given
     * dense; a weight for splitting the coordinates into slices of about equal time.
     */
    long quadWork(GradientSum sum, int q) {
        long work = 1;
        for (int p = 0; p < sum.parts; p++) {
            int[] start = sum.start[p];
            work += start == null ? 1 : (long) GROUP * (start[q + 1] - start[q]);
        }
        return work;
    }

    /**
     * Groups {@code quadFrom .. quadTo} of four input coordinates of the batch's {@code ∂J/∂Lᵀ}, written into the
     * lift block of {@code gradOut}: the chunks' gradients of {@code sum} added to 0 in chunk order, with the bits
     * of writing every chunk's gradient whole and adding them ({@link DenseKernels#groupedSparseOuterSum}). Any
     * split of the groups among threads gives the same bits.
     */
    void addGradientSum(GradientSum sum, int quadFrom, int quadTo, double[] gradOut) {
        DenseKernels.groupedSparseOuterSum(sum.parts, sum.u, sum.start, sum.index, sum.values, sum.dense, d, d0,
                quadFrom, quadTo, gradOut, block.offset());
    }

    /**
     * The chunks of a batch whose lift gradients {@link #addGradientSum} adds: chunk p's gradient kept by
     * {@link Lift#gradient(double[], double[], int, int, int, double[], Workspace)} ({@link #keep}), or its own
     * gradient array with the lift block written ({@link #dense}). Reused from batch to batch: no allocation per call.
     */
    static final class GradientSum {
        private int parts;
        private double[][] u = new double[0][];
        private int[][] start = new int[0][];
        private int[][] index = new int[0][];
        private double[][] values = new double[0][];
        private double[][] dense = new double[0][];

        /** Starts a batch of {@code parts} chunks. */
        void reset(int parts) {
            if (u.length < parts) {
                u = new double[parts][];
                start = new int[parts][];
                index = new int[parts][];
                values = new double[parts][];
                dense = new double[parts][];
            }
            this.parts = parts;
        }

        /** Chunk p's gradient is the one that {@link Lift#gradient} kept in {@code w} (it returned true). */
        void keep(int p, Workspace w) {
            u[p] = w.costates;
            start[p] = w.quadStart;
            index[p] = w.quadPoint;
            values[p] = w.quadValue;
            dense[p] = null;
        }

        /** Chunk p's gradient is {@code gradient}, its lift block written. */
        void dense(int p, double[] gradient) {
            u[p] = null;
            start[p] = null;
            index[p] = null;
            values[p] = null;
            dense[p] = gradient;
        }
    }

    /**
     * {@code y0 = L x} (feature-major) of a chunk listed by groups of four coordinates: computed point by point into
     * the workspace's costates (free until the backward pass), then transposed.
     */
    private void sparseTimes(double[] u, int size, double[] y0, Workspace w) {
        double[] lifted = w.costates(size);
        DenseKernels.quadSparseTimes(u, block.offset(), d, w.quadStart, w.quadPoint, w.quadValue, d0, size, lifted);
        for (int k = 0; k < size; k++) {
            int from = k * d;
            for (int i = 0; i < d; i++) {
                y0[i * size + k] = lifted[from + i];
            }
        }
    }

    /** {@code p_0} (feature-major, {@code size} points) point by point into the workspace's costates. */
    private void pointMajor(double[] p0, int size, Workspace w) {
        double[] costates = w.costates(size);
        // eight rows at a time: each point's eight values are one cache line of the costates, and the eight rows
        // of p_0 are read along together
        int i0 = 0;
        for (; i0 + 8 <= d; i0 += 8) {
            for (int k = 0; k < size; k++) {
                int to = k * d + i0;
                int from = i0 * size + k;
                for (int i = 0; i < 8; i++) {
                    costates[to + i] = p0[from + i * size];
                }
            }
        }
        for (int i = i0; i < d; i++) {
            int from = i * size;
            for (int k = 0; k < size; k++) {
                costates[k * d + i] = p0[from + k];
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
     * A chunk's scratch for the lift: the gathered inputs (dense products), or the lists of the sparse products
     * (see the class comment): per group q of four coordinates the points k, increasing, at which one of its
     * coordinates is non-zero ({@code quadPoint[quadStart[q] ..]}), with the four values {@code x[4q + l, k]} at
     * {@code quadValue[4t + l]} (zeros past the last coordinate); the costates {@code p_0} point by point (before
     * the backward pass, the lifted points). Arrays grow with the chunk and the non-zeros seen and are kept: no
     * allocation per call once a chunk has seen its largest count.
     */
    final class Workspace {
        private double[] scratch = new double[0];
        private double[] gathered;
        private boolean sparse;
        /** The non-zero inputs counted by {@link #compress} so far. */
        private int nonZero;
        private final int[] quadStart = new int[quads() + 1];
        /** While a chunk is listed from a sparse batch: the end of each group of coordinates' list, in its region. */
        private int[] quadEnd = new int[0];
        private int[] quadPoint = new int[0];
        private double[] quadValue = new double[0];
        private double[] costates = new double[0];

        private Workspace() {
        }

        /** Whether the last chunk took the sparse products. */
        boolean sparse() {
            return sparse;
        }

        private double[] costates(int size) {
            if (costates.length < d * size) {
                costates = new double[d * size];
            }
            return costates;
        }

        private double[] scratch(int size) {
            if (scratch.length < d0 * size) {
                scratch = new double[d0 * size];
            }
            return scratch;
        }

        /**
         * Lists the chunk's non-zero inputs by groups of four coordinates, in one pass over the chunk's rows (four
         * adjacent rows per group, each read once from memory); false, with nothing usable, when more than half
         * the inputs are non-zero.
         */
        private boolean compress(double[] x, int m, int start, int size) {
            int capacity = d0 * size / 2;
            int quads = quads();
            nonZero = 0;
            int n = 0;
            for (int q = 0; q < quads; q++) {
                quadStart[q] = n;
                // room for this group before its count is checked; the lists grow with the non-zeros seen, up to
                // the capacity (for MNIST about 7 % of d0 · size, not the half of it that the test allows)
                if (quadPoint.length < n + size) {
                    int grown = Math.min(capacity + size, Math.max(2 * quadPoint.length, n + size));
                    quadPoint = Arrays.copyOf(quadPoint, grown);
                    quadValue = Arrays.copyOf(quadValue, GROUP * grown);
                }
                int j = GROUP * q;
                if (j + GROUP > d0) {
                    nonZero += lastQuad(x, m, start, size, j, n);
                    n = quadStart[q + 1];
                    continue;
                }
                int row = j * m + start;
                // a blank group of four coordinates (MNIST: about 3 in 10 over 50 images) adds nothing to any list
                if (allZero(x, row, m, size)) {
                    continue;
                }
                n = quadRow(x, row, m, size, n);
                if (nonZero > capacity) {
                    return false;
                }
            }
            quadStart[quads] = n;
            return nonZero <= capacity;
        }

        /**
         * Lists the chunk's non-zero inputs (points {@code start .. start+size} of the batch) from the batch's rows,
         * in O(non-zeros): per group of four coordinates the points, increasing, with an entry at one of them, each
         * group's list in a region of its own ({@code size} entries) and compacted after. The lists hold what
         * {@link #compress} lists for the same inputs (and an entry of −0.0, which it leaves out: a zero term of the
         * products, which leaves their sums unchanged).
         */
        private void listRows(SparseBatch batch, int start, int size) {
            int[] index = batch.rows().index;
            double[] value = batch.rows().value;
            int quads = quads();
            if (quadEnd.length < quads || quadPoint.length < quads * size) {
                quadEnd = new int[quads];
                quadPoint = new int[quads * size];
                quadValue = new double[GROUP * quads * size];
            }
            for (int q = 0; q < quads; q++) {
                quadEnd[q] = q * size;
            }
            for (int k = 0; k < size; k++) {
                pointQuads(index, value, batch.begin(start + k), batch.end(start + k), k);
            }
            compact(quadEnd, quads, size, quadStart, quadPoint, quadValue);
        }

        /**
         * Appends point k to the region of every group of four coordinates at which its list
         * {@code index[t0 .. t1]} (increasing) has an entry, with the group's four values.
         */
        private void pointQuads(int[] index, double[] value, int t0, int t1, int k) {
            int[] points = quadPoint;
            double[] values = quadValue;
            int[] end = quadEnd;
            int t = t0;
            while (t < t1) {
                int q = index[t] / GROUP;
                int n = end[q]++;
                points[n] = k;
                putFour(values, n, 0.0, 0.0, 0.0, 0.0);
                int v = GROUP * n;
                int limit = GROUP * (q + 1);
                for (; t < t1 && index[t] < limit; t++) {
                    values[v + index[t] - GROUP * q] = value[t];
                }
            }
        }

        /** Whether the four rows {@code x[row + l·m .. + size]}, l &lt; 4, hold only zeros (of either sign). */
        private boolean allZero(double[] x, int row, int m, int size) {
            long a = 0;
            long b = 0;
            long c = 0;
            long e = 0;
            int r1 = row + m;
            int r2 = r1 + m;
            int r3 = r2 + m;
            for (int k = 0; k < size; k++) {
                a |= Double.doubleToRawLongBits(x[row + k]);
                b |= Double.doubleToRawLongBits(x[r1 + k]);
                c |= Double.doubleToRawLongBits(x[r2 + k]);
                e |= Double.doubleToRawLongBits(x[r3 + k]);
            }
            return ((a | b | c | e) << 1) == 0; // without the sign bit: +0.0 and −0.0 are zeros
        }

        /**
         * The points of one group of four coordinates (rows {@code row + l·m}) at which one of them is non-zero,
         * from list place n on; adds their non-zeros to {@link #nonZero} and returns the new end. Without a branch
         * per input (zeros and non-zeros fall at random inside an image): every point is written, and the end moves
         * past those with a non-zero value.
         */
        private int quadRow(double[] x, int row, int m, int size, int n) {
            int r1 = row + m;
            int r2 = r1 + m;
            int r3 = r2 + m;
            int[] points = quadPoint;
            double[] values = quadValue;
            int count = 0;
            for (int k = 0; k < size; k++) {
                double v0 = x[row + k];
                double v1 = x[r1 + k];
                double v2 = x[r2 + k];
                double v3 = x[r3 + k];
                int c = nonZero(v0) + nonZero(v1) + nonZero(v2) + nonZero(v3);
                points[n] = k;
                putFour(values, n, v0, v1, v2, v3);
                count += c;
                n += (c + 3) >>> 2; // 1 when c is 1 to 4
            }
            nonZero += count;
            return n;
        }

        /**
         * The last group of coordinates {@code j .. d0} (fewer than four), from list place {@code n} on, padded with
         * zeros; sets {@code quadStart} after it and returns its non-zero count.
         */
        private int lastQuad(double[] x, int m, int start, int size, int j, int n) {
            int count = 0;
            for (int k = 0; k < size; k++) {
                int c = 0;
                for (int l = 0; l < GROUP; l++) {
                    double v = j + l < d0 ? x[(j + l) * m + start + k] : 0.0;
                    quadValue[GROUP * n + l] = v;
                    c += nonZero(v);
                }
                quadPoint[n] = k;
                count += c;
                n += c != 0 ? 1 : 0;
            }
            quadStart[j / GROUP + 1] = n;
            return count;
        }

        /** The four values of list entry n, at {@code values[4n ..]}. */
        private static void putFour(double[] values, int n, double v0, double v1, double v2, double v3) {
            int v = GROUP * n;
            values[v] = v0;
            values[v + 1] = v1;
            values[v + 2] = v2;
            values[v + 3] = v3;
        }

        /** 1 for a non-zero value (NaN included), 0 for +0.0 and −0.0, without a branch. */
        private static int nonZero(double v) {
            long bits = Double.doubleToRawLongBits(v) << 1;
            return (int) ((bits | -bits) >>> 63);
        }

        /**
         * Moves lists kept in regions of {@code region} entries each (list r in {@code [r·region, end[r])}, with
         * four values per entry) together, in order, and sets {@code start} (length {@code lists + 1}).
         */
        private static void compact(int[] end, int lists, int region, int[] start, int[] entries, double[] values) {
            int at = 0;
            for (int r = 0; r < lists; r++) {
                int from = r * region;
                int length = end[r] - from;
                start[r] = at;
                if (from != at) {
                    System.arraycopy(entries, from, entries, at, length);
                    System.arraycopy(values, GROUP * from, values, GROUP * at, GROUP * length);
                }
                at += length;
            }
            start[lists] = at;
        }
    }
}
