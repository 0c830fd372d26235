package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link DenseKernels#groupedSparseTimes} and {@link DenseKernels#groupedSparseOuter} (plain variant:
 * {@link GroupedSparse}): a group of four points (or coordinates) is one 256-bit vector, and eight rows of the
 * output are register blocked: per listed entry one vector load, eight broadcasts and eight fused multiply-adds
 * into eight independent accumulators, stored once per group. A group of fewer than four (the tail) and rows below a
 * block of eight take the plain loops (the tail group's points eight rows at a time, in scalars). Every output entry
 * is the same chain of fused multiply-adds as in the plain loops, so both give the same bits.
 *
 * <p>When the other kernels run 8-lane vectors ({@link Simd#SPECIES} on AVX-512 hardware), the wide variants run
 * instead, so that the process uses a single vector species: vectors of 8 adjacent output rows (for the product,
 * after copying the matrix transposed; for the outer product, u is point-major already), blocks of 32 or 8 rows
 * × one group, the group's 4 values broadcast; again each entry is the plain loops' chain.
 */
final class GroupedSparseSimd {

    /** Four lanes: one group (used when the other kernels run 4 lanes too). */
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_256;
    private static final int G = GroupedSparse.GROUP;
    private static final int ROWS = 8;
    /**
     * With 8-lane dense kernels ({@link Simd#SPECIES}), the wide variants below: vectors of 8 adjacent rows of the
     * output (so that the process holds one vector species, which Java 17's C2 needs, see {@link Simd#SPECIES}).
     */
    private static final boolean WIDE = Simd.L == 8;
    private static final VectorSpecies<Double> WIDE_SPECIES = Simd.SPECIES;
    /** Rows of a wide block: four 8-lane vectors. */
    private static final int WIDE_ROWS = 32;
    /** Per-thread scratch of the wide variants: the transposed matrix of {@link #timesWide}. */
    private static final Simd.Scratch TRANSPOSED = new Simd.Scratch();
    /** Per-thread index map of the transposing gathers: the offsets of 8 consecutive rows. */
    private static final ThreadLocal<int[]> COLUMN = ThreadLocal.withInitial(() -> new int[8]);

    private GroupedSparseSimd() {
    }

    /** See {@link DenseKernels#groupedSparseTimes}. */
    static void times(double[] mat, int off, int rows, int cols, int[] start, int[] index, double[] values, int m,
                      double[] out, int outOff) {
        if (WIDE) {
            timesWide(mat, off, rows, cols, start, index, values, m, out, outOff);
            return;
        }
        int full = m - m % G;
        int i = 0;
        for (; i + ROWS <= rows; i += ROWS) {
            for (int k = 0; k < full; k += G) {
                timesBlock(mat, off + i * cols, cols, index, start[k / G], start[k / G + 1], values, out,
                        outOff + i * m + k, m);
            }
            for (int k = full; k < m; k++) {
                timesPoint(mat, off + i * cols, cols, index, start[k / G], start[k / G + 1], values, k - full, out,
                        outOff + i * m + k, m);
            }
        }
        for (; i < rows; i++) {
            GroupedSparse.timesRow(mat, off + i * cols, start, index, values, 0, m, out, outOff + i * m);
        }
    }

    /** Eight rows of {@code mat} (from {@code row}) times one group of four points. */
    private static void timesBlock(double[] mat, int row, int cols, int[] index, int t0, int t1, double[] values,
                                   double[] out, int o, int m) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector a4 = a0;
        DoubleVector a5 = a0;
        DoubleVector a6 = a0;
        DoubleVector a7 = a0;
        for (int t = t0; t < t1; t++) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, values, G * t);
            int a = row + index[t];
            a0 = DoubleVector.broadcast(SPECIES, mat[a]).fma(v, a0);
            a1 = DoubleVector.broadcast(SPECIES, mat[a + cols]).fma(v, a1);
            a2 = DoubleVector.broadcast(SPECIES, mat[a + 2 * cols]).fma(v, a2);
            a3 = DoubleVector.broadcast(SPECIES, mat[a + 3 * cols]).fma(v, a3);
            a4 = DoubleVector.broadcast(SPECIES, mat[a + 4 * cols]).fma(v, a4);
            a5 = DoubleVector.broadcast(SPECIES, mat[a + 5 * cols]).fma(v, a5);
            a6 = DoubleVector.broadcast(SPECIES, mat[a + 6 * cols]).fma(v, a6);
            a7 = DoubleVector.broadcast(SPECIES, mat[a + 7 * cols]).fma(v, a7);
        }
        a0.intoArray(out, o);
        a1.intoArray(out, o + m);
        a2.intoArray(out, o + 2 * m);
        a3.intoArray(out, o + 3 * m);
        a4.intoArray(out, o + 4 * m);
        a5.intoArray(out, o + 5 * m);
        a6.intoArray(out, o + 6 * m);
        a7.intoArray(out, o + 7 * m);
    }

    /**
     * Eight rows of {@code mat} times one point (lane {@code lane} of a group of fewer than four, the tail), in
     * scalars: eight independent chains.
     */
    private static void timesPoint(double[] mat, int row, int cols, int[] index, int t0, int t1, double[] values,
                                   int lane, double[] out, int o, int m) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        for (int t = t0; t < t1; t++) {
            double v = values[G * t + lane];
            int a = row + index[t];
            s0 = Math.fma(mat[a], v, s0);
            s1 = Math.fma(mat[a + cols], v, s1);
            s2 = Math.fma(mat[a + 2 * cols], v, s2);
            s3 = Math.fma(mat[a + 3 * cols], v, s3);
            s4 = Math.fma(mat[a + 4 * cols], v, s4);
            s5 = Math.fma(mat[a + 5 * cols], v, s5);
            s6 = Math.fma(mat[a + 6 * cols], v, s6);
            s7 = Math.fma(mat[a + 7 * cols], v, s7);
        }
        out[o] = s0;
        out[o + m] = s1;
        out[o + 2 * m] = s2;
        out[o + 3 * m] = s3;
        out[o + 4 * m] = s4;
        out[o + 5 * m] = s5;
        out[o + 6 * m] = s6;
        out[o + 7 * m] = s7;
    }

    /** See {@link DenseKernels#groupedSparseOuter}. */
    static void outer(double[] u, int uOff, int rows, int[] start, int[] index, double[] values, int cols,
                      double[] grad, int gradOff) {
        if (WIDE) {
            outerWide(u, uOff, rows, start, index, values, cols, grad, gradOff);
            return;
        }
        int full = cols - cols % G;
        int i = 0;
        for (; i + ROWS <= rows; i += ROWS) {
            for (int j = 0; j < full; j += G) {
                outerBlock(u, uOff + i, rows, index, start[j / G], start[j / G + 1], values, grad,
                        gradOff + i * cols + j, cols);
            }
            for (int r = 0; r < ROWS; r++) {
                GroupedSparse.outerRow(u, uOff + i + r, rows, start, index, values, full, cols, grad,
                        gradOff + (i + r) * cols);
            }
        }
        for (; i < rows; i++) {
            GroupedSparse.outerRow(u, uOff + i, rows, start, index, values, 0, cols, grad, gradOff + i * cols);
        }
    }

    /**
     * Eight rows of u (from {@code row}; the eight entries of a point are adjacent) against one group of four
     * coordinates.
     */
    private static void outerBlock(double[] u, int row, int rows, int[] index, int t0, int t1, double[] values,
                                   double[] grad, int o, int cols) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector a4 = a0;
        DoubleVector a5 = a0;
        DoubleVector a6 = a0;
        DoubleVector a7 = a0;
        for (int t = t0; t < t1; t++) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, values, G * t);
            int a = row + index[t] * rows;
            a0 = DoubleVector.broadcast(SPECIES, u[a]).fma(v, a0);
            a1 = DoubleVector.broadcast(SPECIES, u[a + 1]).fma(v, a1);
            a2 = DoubleVector.broadcast(SPECIES, u[a + 2]).fma(v, a2);
            a3 = DoubleVector.broadcast(SPECIES, u[a + 3]).fma(v, a3);
            a4 = DoubleVector.broadcast(SPECIES, u[a + 4]).fma(v, a4);
            a5 = DoubleVector.broadcast(SPECIES, u[a + 5]).fma(v, a5);
            a6 = DoubleVector.broadcast(SPECIES, u[a + 6]).fma(v, a6);
            a7 = DoubleVector.broadcast(SPECIES, u[a + 7]).fma(v, a7);
        }
        a0.intoArray(grad, o);
        a1.intoArray(grad, o + cols);
        a2.intoArray(grad, o + 2 * cols);
        a3.intoArray(grad, o + 3 * cols);
        a4.intoArray(grad, o + 4 * cols);
        a5.intoArray(grad, o + 5 * cols);
        a6.intoArray(grad, o + 6 * cols);
        a7.intoArray(grad, o + 7 * cols);
    }

    /**
     * {@link #times} with vectors of 8 rows: the matrix is first copied transposed (so that the 8 entries of a
     * column are adjacent), then {@link #wide} runs. Every entry is the chain of {@link GroupedSparse#timesRow}.
     * Rows below a block of 8 take the plain loop.
     */
    private static void timesWide(double[] mat, int off, int rows, int cols, int[] start, int[] index,
                                  double[] values, int m, double[] out, int outOff) {
        double[] matT = TRANSPOSED.atLeast(rows * cols);
        int blocked = transpose(mat, off, rows, cols, matT);
        wide(matT, 0, rows, blocked, start, index, values, m, out, outOff);
        for (int r = blocked; r < rows; r++) {
            GroupedSparse.timesRow(mat, off + r * cols, start, index, values, 0, m, out, outOff + r * m);
        }
    }

    /**
     * Blocks of 32 rows (16 accumulators while the group's list streams through), then of 8, of the first
     * {@code blocked} rows (a multiple of 8) × every group (the last one padded with zero values by the caller, its
     * missing lanes computed and not stored) of {@code n} points or coordinates:
     * {@code out[outOff + i·n + k] = Σ_t src[srcOff + index[t]·rows + i] · values[4t + k mod 4]}.
     */
    private static void wide(double[] src, int srcOff, int rows, int blocked, int[] start, int[] index,
                             double[] values, int n, double[] out, int outOff) {
        double[] lanes = Simd.LANES.get();
        int groups = (n + G - 1) / G;
        int i = 0;
        for (; i + WIDE_ROWS <= blocked; i += WIDE_ROWS) {
            for (int g = 0; g < groups; g++) {
                timesWideQuad(src, srcOff + i, rows, index, start[g], start[g + 1], values, lanes);
                scatter(lanes, 4, out, outOff + i * n + G * g, n, Math.min(G, n - G * g));
            }
        }
        for (; i < blocked; i += 8) {
            for (int g = 0; g < groups; g++) {
                timesWideHalf(src, srcOff + i, rows, index, start[g], start[g + 1], values, lanes);
                scatter(lanes, 1, out, outOff + i * n + G * g, n, Math.min(G, n - G * g));
            }
        }
    }

    /**
     * {@code matT[c·rows + r] = mat[off + r·cols + c]} for the rows of whole blocks of 8 (8-lane gathers down a
     * column, each stored as one vector); returns how many rows that is. For 128 × 784 this took 87 µs against
     * 144 µs for the 4-row scalar copy of {@code OuterProductSimd.transpose} (isolated loop, AVX-512 Xeon), which
     * stays as it is for the small blocks of x there, on hardware whose gathers were not measured.
     */
    private static int transpose(double[] mat, int off, int rows, int cols, double[] matT) {
        int[] map = COLUMN.get();
        for (int r = 0; r < 8; r++) {
            map[r] = r * cols;
        }
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            int base = off + r * cols;
            for (int c = 0; c < cols; c++) {
                DoubleVector.fromArray(WIDE_SPECIES, mat, base + c, map, 0).intoArray(matT, c * rows + r);
            }
        }
        return r;
    }

    /**
     * Writes lanes {@code [32h + 8l + r]} (row block h of point l, lane r) to {@code out[o + (8h + r)·stride + l]}
     * for h &lt; blocks, l &lt; count (at most 4), r &lt; 8.
     */
    private static void scatter(double[] lanes, int blocks, double[] out, int o, int stride, int count) {
        for (int h = 0; h < blocks; h++) {
            for (int r = 0; r < 8; r++) {
                int a = o + (8 * h + r) * stride;
                int b = 32 * h + r;
                for (int l = 0; l < count; l++) {
                    out[a + l] = lanes[b + 8 * l];
                }
            }
        }
    }

    /**
     * Rows {@code i .. i + 32} times one group of four, into {@code lanes} (per listed entry: 4 vector loads, 4
     * broadcasts, 16 fused multiply-adds).
     */
    private static void timesWideQuad(double[] matT, int i, int rows, int[] index, int t0, int t1, double[] values,
                                      double[] lanes) {
        DoubleVector a0 = DoubleVector.zero(WIDE_SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector b0 = a0;
        DoubleVector b1 = a0;
        DoubleVector b2 = a0;
        DoubleVector b3 = a0;
        DoubleVector c0 = a0;
        DoubleVector c1 = a0;
        DoubleVector c2 = a0;
        DoubleVector c3 = a0;
        DoubleVector d0 = a0;
        DoubleVector d1 = a0;
        DoubleVector d2 = a0;
        DoubleVector d3 = a0;
        for (int t = t0; t < t1; t++) {
            int a = index[t] * rows + i;
            DoubleVector ra = DoubleVector.fromArray(WIDE_SPECIES, matT, a);
            DoubleVector rb = DoubleVector.fromArray(WIDE_SPECIES, matT, a + 8);
            DoubleVector rc = DoubleVector.fromArray(WIDE_SPECIES, matT, a + 16);
            DoubleVector rd = DoubleVector.fromArray(WIDE_SPECIES, matT, a + 24);
            DoubleVector v0 = DoubleVector.broadcast(WIDE_SPECIES, values[G * t]);
            DoubleVector v1 = DoubleVector.broadcast(WIDE_SPECIES, values[G * t + 1]);
            DoubleVector v2 = DoubleVector.broadcast(WIDE_SPECIES, values[G * t + 2]);
            DoubleVector v3 = DoubleVector.broadcast(WIDE_SPECIES, values[G * t + 3]);
            a0 = ra.fma(v0, a0);
            a1 = ra.fma(v1, a1);
            a2 = ra.fma(v2, a2);
            a3 = ra.fma(v3, a3);
            b0 = rb.fma(v0, b0);
            b1 = rb.fma(v1, b1);
            b2 = rb.fma(v2, b2);
            b3 = rb.fma(v3, b3);
            c0 = rc.fma(v0, c0);
            c1 = rc.fma(v1, c1);
            c2 = rc.fma(v2, c2);
            c3 = rc.fma(v3, c3);
            d0 = rd.fma(v0, d0);
            d1 = rd.fma(v1, d1);
            d2 = rd.fma(v2, d2);
            d3 = rd.fma(v3, d3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, 8);
        a2.intoArray(lanes, 16);
        a3.intoArray(lanes, 24);
        b0.intoArray(lanes, 32);
        b1.intoArray(lanes, 40);
        b2.intoArray(lanes, 48);
        b3.intoArray(lanes, 56);
        c0.intoArray(lanes, 64);
        c1.intoArray(lanes, 72);
        c2.intoArray(lanes, 80);
        c3.intoArray(lanes, 88);
        d0.intoArray(lanes, 96);
        d1.intoArray(lanes, 104);
        d2.intoArray(lanes, 112);
        d3.intoArray(lanes, 120);
    }

    /** Rows {@code i .. i + 8} (of the transposed matrix) times one group of four points, into {@code lanes}. */
    private static void timesWideHalf(double[] matT, int i, int rows, int[] index, int t0, int t1, double[] values,
                                      double[] lanes) {
        DoubleVector a0 = DoubleVector.zero(WIDE_SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int t = t0; t < t1; t++) {
            DoubleVector lo = DoubleVector.fromArray(WIDE_SPECIES, matT, index[t] * rows + i);
            a0 = lo.fma(DoubleVector.broadcast(WIDE_SPECIES, values[G * t]), a0);
            a1 = lo.fma(DoubleVector.broadcast(WIDE_SPECIES, values[G * t + 1]), a1);
            a2 = lo.fma(DoubleVector.broadcast(WIDE_SPECIES, values[G * t + 2]), a2);
            a3 = lo.fma(DoubleVector.broadcast(WIDE_SPECIES, values[G * t + 3]), a3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, 8);
        a2.intoArray(lanes, 16);
        a3.intoArray(lanes, 24);
    }

    /**
     * {@link #outer} with vectors of 8 rows (u is point-major, so the rows of a point are adjacent already):
     * {@link #wide} on u. Every entry is the chain of {@link GroupedSparse#outerRow}. Rows below a block of 8 take
     * the plain loop.
     */
    private static void outerWide(double[] u, int uOff, int rows, int[] start, int[] index, double[] values,
                                  int cols, double[] grad, int gradOff) {
        int blocked = rows - rows % 8;
        wide(u, uOff, rows, blocked, start, index, values, cols, grad, gradOff);
        for (int r = blocked; r < rows; r++) {
            GroupedSparse.outerRow(u, uOff + r, rows, start, index, values, 0, cols, grad, gradOff + r * cols);
        }
    }
}
