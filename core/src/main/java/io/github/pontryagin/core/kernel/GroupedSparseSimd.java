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
 */
final class GroupedSparseSimd {

    /** Four lanes whatever the preferred width (AVX-512 runs 256-bit operations too). */
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_256;
    private static final int G = GroupedSparse.GROUP;
    private static final int ROWS = 8;

    private GroupedSparseSimd() {
    }

    /** See {@link DenseKernels#groupedSparseTimes}. */
    static void times(double[] mat, int off, int rows, int cols, int[] start, int[] index, double[] values, int m,
                      double[] out, int outOff) {
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
}
