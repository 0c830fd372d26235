package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link DenseKernels#times}, {@link DenseKernels#affine} and {@link DenseKernels#transposeTimes}
 * (scalar variant: {@link MatrixProduct}). Every output entry is {@code acc = start; acc = fma(B[r,c], x[c,k], acc)}
 * for c = 0, 1, …, inner − 1 in that order, one rounding per term, exactly as in the plain loops, so both variants
 * give the same bits (including how overflow turns into infinities and NaN, which the trainer's NaN guard relies
 * on). Register-blocked: a 4-row × 2-vector tile of the output stays in 8 registers while the inner dimension
 * streams through (6 loads per 8 fused multiply-adds). Cache-blocked: the batch is cut into panels of
 * {@link #PANEL} columns and the inner dimension into blocks of {@link #INNER_BLOCK}, so that the block of x that
 * every row tile reads ({@code INNER_BLOCK × PANEL} doubles, 16 KB) stays in L1; a tile's partial sums go back to
 * {@code out} between inner blocks, which keeps the order of the terms. Fused multiply-adds need FMA hardware (x86
 * since Haswell/Zen, ARMv8); without it the JDK emulates them, slowly, in both variants alike.
 */
final class MatrixProductSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;
    /**
     * Batch columns per panel when the inner dimension is {@link #INNER_BLOCK} or more; a multiple of every vector
     * length (2 × 8 lanes at most). Narrower products take panels of up to {@code L1_DOUBLES / inner} columns.
     */
    private static final int PANEL = 32;
    /** Inner indices per block: with {@link #PANEL} columns, 64 × 32 doubles (16 KB) of x stay in L1. */
    private static final int INNER_BLOCK = 64;
    /** The doubles of x a panel may span: {@code INNER_BLOCK × PANEL}. */
    private static final int L1_DOUBLES = INNER_BLOCK * PANEL;

    private MatrixProductSimd() {
    }

    /**
     * {@code out[r, k] = start_r + Σ_c B[r, c] x[c, k]} for r &lt; rows, c &lt; inner (fused multiply-adds in
     * increasing c), with the matrix entry {@code B[r, c] = mat[off + r·rowStride + c·colStride]} (row-major A:
     * strides (cols, 1); Aᵀ: (1, cols)) and {@code start_r = bias[biasOff + r]}, or 0 when {@code bias} is null.
     */
    static void product(double[] mat, int off, int rowStride, int colStride, int rows, int inner,
                        double[] bias, int biasOff, double[] x, int xOff, int m, double[] out, int outOff) {
        if (inner == 0) {
            for (int r = 0; r < rows; r++) {
                java.util.Arrays.fill(out, outOff + r * m, outOff + (r + 1) * m,
                        bias == null ? 0.0 : bias[biasOff + r]);
            }
            return;
        }
        // narrow products (small inner dimension) take wider panels: fewer passes, the same L1 footprint
        int panel = Math.max(PANEL, L1_DOUBLES / inner / (2 * L) * (2 * L));
        for (int k0 = 0; k0 < m; k0 += panel) {
            int k1 = Math.min(m, k0 + panel);
            for (int c0 = 0; c0 < inner; c0 += INNER_BLOCK) {
                int c1 = Math.min(inner, c0 + INNER_BLOCK);
                int r = 0;
                for (; r + 4 <= rows; r += 4) {
                    fourRows(mat, off + r * rowStride, rowStride, colStride, c0, c1, c0 == 0, bias, biasOff + r,
                            x, xOff, m, k0, k1, out, outOff + r * m);
                }
                for (; r + 2 <= rows; r += 2) {
                    twoRows(mat, off + r * rowStride, rowStride, colStride, c0, c1, c0 == 0, bias, biasOff + r,
                            x, xOff, m, k0, k1, out, outOff + r * m);
                }
                for (; r < rows; r++) {
                    oneRow(mat, off + r * rowStride, colStride, c0, c1, c0 == 0, bias, biasOff + r, x, xOff, m,
                            k0, k1, out, outOff + r * m);
                }
            }
        }
    }

    /** The first value of an accumulator: the bias (or 0) on the first inner block, the partial sum after it. */
    private static double start(boolean first, double[] bias, int biasAt, double[] out, int outAt) {
        return first ? (bias == null ? 0.0 : bias[biasAt]) : out[outAt];
    }

    private static DoubleVector startVector(boolean first, double[] bias, int biasAt, double[] out, int outAt) {
        return first ? DoubleVector.broadcast(SPECIES, bias == null ? 0.0 : bias[biasAt])
                : DoubleVector.fromArray(SPECIES, out, outAt);
    }

    private static void fourRows(double[] mat, int off, int rs, int cs, int c0, int c1, boolean first,
                                 double[] bias, int biasOff, double[] x, int xOff, int m, int k0, int k1,
                                 double[] out, int outOff) {
        int k = k0;
        for (; k + 2 * L <= k1; k += 2 * L) {
            int o = outOff + k;
            DoubleVector a0 = startVector(first, bias, biasOff, out, o);
            DoubleVector b0 = startVector(first, bias, biasOff, out, o + L);
            DoubleVector a1 = startVector(first, bias, biasOff + 1, out, o + m);
            DoubleVector b1 = startVector(first, bias, biasOff + 1, out, o + m + L);
            DoubleVector a2 = startVector(first, bias, biasOff + 2, out, o + 2 * m);
            DoubleVector b2 = startVector(first, bias, biasOff + 2, out, o + 2 * m + L);
            DoubleVector a3 = startVector(first, bias, biasOff + 3, out, o + 3 * m);
            DoubleVector b3 = startVector(first, bias, biasOff + 3, out, o + 3 * m + L);
            for (int c = c0; c < c1; c++) {
                int xc = xOff + c * m + k;
                DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xc);
                DoubleVector xb = DoubleVector.fromArray(SPECIES, x, xc + L);
                int e = off + c * cs;
                DoubleVector w0 = DoubleVector.broadcast(SPECIES, mat[e]);
                a0 = w0.fma(xa, a0);
                b0 = w0.fma(xb, b0);
                DoubleVector w1 = DoubleVector.broadcast(SPECIES, mat[e + rs]);
                a1 = w1.fma(xa, a1);
                b1 = w1.fma(xb, b1);
                DoubleVector w2 = DoubleVector.broadcast(SPECIES, mat[e + 2 * rs]);
                a2 = w2.fma(xa, a2);
                b2 = w2.fma(xb, b2);
                DoubleVector w3 = DoubleVector.broadcast(SPECIES, mat[e + 3 * rs]);
                a3 = w3.fma(xa, a3);
                b3 = w3.fma(xb, b3);
            }
            a0.intoArray(out, o);
            b0.intoArray(out, o + L);
            a1.intoArray(out, o + m);
            b1.intoArray(out, o + m + L);
            a2.intoArray(out, o + 2 * m);
            b2.intoArray(out, o + 2 * m + L);
            a3.intoArray(out, o + 3 * m);
            b3.intoArray(out, o + 3 * m + L);
        }
        fourRowsTail(mat, off, rs, cs, c0, c1, first, bias, biasOff, x, xOff, m, k, k1, out, outOff);
    }

    /**
     * Columns {@code k0 ≤ k < k1} (fewer than {@code 2L}) of four rows: one L-lane vector per row while L columns
     * remain, then scalar fused multiply-adds on two columns at a time. Eight independent sums are in flight (one
     * sum at a time would wait for the latency of every fused multiply-add: for a chunk of 50 points, 48 + 2
     * columns, the 2 scalar columns cost as much as the 48 vector ones); each entry adds its terms in the same order.
     */
    private static void fourRowsTail(double[] mat, int off, int rs, int cs, int c0, int c1, boolean first,
                                     double[] bias, int biasOff, double[] x, int xOff, int m, int k0, int k1,
                                     double[] out, int outOff) {
        int k = k0;
        if (k + L <= k1) {
            int o = outOff + k;
            DoubleVector a0 = startVector(first, bias, biasOff, out, o);
            DoubleVector a1 = startVector(first, bias, biasOff + 1, out, o + m);
            DoubleVector a2 = startVector(first, bias, biasOff + 2, out, o + 2 * m);
            DoubleVector a3 = startVector(first, bias, biasOff + 3, out, o + 3 * m);
            for (int c = c0; c < c1; c++) {
                DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xOff + c * m + k);
                int e = off + c * cs;
                a0 = DoubleVector.broadcast(SPECIES, mat[e]).fma(xa, a0);
                a1 = DoubleVector.broadcast(SPECIES, mat[e + rs]).fma(xa, a1);
                a2 = DoubleVector.broadcast(SPECIES, mat[e + 2 * rs]).fma(xa, a2);
                a3 = DoubleVector.broadcast(SPECIES, mat[e + 3 * rs]).fma(xa, a3);
            }
            a0.intoArray(out, o);
            a1.intoArray(out, o + m);
            a2.intoArray(out, o + 2 * m);
            a3.intoArray(out, o + 3 * m);
            k += L;
        }
        for (; k + 2 <= k1; k += 2) {
            int o = outOff + k;
            double a0 = start(first, bias, biasOff, out, o);
            double b0 = start(first, bias, biasOff, out, o + 1);
            double a1 = start(first, bias, biasOff + 1, out, o + m);
            double b1 = start(first, bias, biasOff + 1, out, o + m + 1);
            double a2 = start(first, bias, biasOff + 2, out, o + 2 * m);
            double b2 = start(first, bias, biasOff + 2, out, o + 2 * m + 1);
            double a3 = start(first, bias, biasOff + 3, out, o + 3 * m);
            double b3 = start(first, bias, biasOff + 3, out, o + 3 * m + 1);
            for (int c = c0; c < c1; c++) {
                int xc = xOff + c * m + k;
                double xa = x[xc];
                double xb = x[xc + 1];
                int e = off + c * cs;
                double w0 = mat[e];
                double w1 = mat[e + rs];
                double w2 = mat[e + 2 * rs];
                double w3 = mat[e + 3 * rs];
                a0 = Math.fma(w0, xa, a0);
                b0 = Math.fma(w0, xb, b0);
                a1 = Math.fma(w1, xa, a1);
                b1 = Math.fma(w1, xb, b1);
                a2 = Math.fma(w2, xa, a2);
                b2 = Math.fma(w2, xb, b2);
                a3 = Math.fma(w3, xa, a3);
                b3 = Math.fma(w3, xb, b3);
            }
            out[o] = a0;
            out[o + 1] = b0;
            out[o + m] = a1;
            out[o + m + 1] = b1;
            out[o + 2 * m] = a2;
            out[o + 2 * m + 1] = b2;
            out[o + 3 * m] = a3;
            out[o + 3 * m + 1] = b3;
        }
        if (k < k1) {
            int o = outOff + k;
            double a0 = start(first, bias, biasOff, out, o);
            double a1 = start(first, bias, biasOff + 1, out, o + m);
            double a2 = start(first, bias, biasOff + 2, out, o + 2 * m);
            double a3 = start(first, bias, biasOff + 3, out, o + 3 * m);
            for (int c = c0; c < c1; c++) {
                double xa = x[xOff + c * m + k];
                int e = off + c * cs;
                a0 = Math.fma(mat[e], xa, a0);
                a1 = Math.fma(mat[e + rs], xa, a1);
                a2 = Math.fma(mat[e + 2 * rs], xa, a2);
                a3 = Math.fma(mat[e + 3 * rs], xa, a3);
            }
            out[o] = a0;
            out[o + m] = a1;
            out[o + 2 * m] = a2;
            out[o + 3 * m] = a3;
        }
    }

    /** Two rows that share their loads of x (d = 2 nets, and the rows left over by the 4-row tiles). */
    private static void twoRows(double[] mat, int off, int rs, int cs, int c0, int c1, boolean first,
                                double[] bias, int biasOff, double[] x, int xOff, int m, int k0, int k1,
                                double[] out, int outOff) {
        int k = k0;
        for (; k + 2 * L <= k1; k += 2 * L) {
            int o = outOff + k;
            DoubleVector a0 = startVector(first, bias, biasOff, out, o);
            DoubleVector b0 = startVector(first, bias, biasOff, out, o + L);
            DoubleVector a1 = startVector(first, bias, biasOff + 1, out, o + m);
            DoubleVector b1 = startVector(first, bias, biasOff + 1, out, o + m + L);
            for (int c = c0; c < c1; c++) {
                int xc = xOff + c * m + k;
                DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xc);
                DoubleVector xb = DoubleVector.fromArray(SPECIES, x, xc + L);
                int e = off + c * cs;
                DoubleVector w0 = DoubleVector.broadcast(SPECIES, mat[e]);
                a0 = w0.fma(xa, a0);
                b0 = w0.fma(xb, b0);
                DoubleVector w1 = DoubleVector.broadcast(SPECIES, mat[e + rs]);
                a1 = w1.fma(xa, a1);
                b1 = w1.fma(xb, b1);
            }
            a0.intoArray(out, o);
            b0.intoArray(out, o + L);
            a1.intoArray(out, o + m);
            b1.intoArray(out, o + m + L);
        }
        oneRowTail(mat, off, cs, c0, c1, first, bias, biasOff, x, xOff, m, k, k1, out, outOff);
        oneRowTail(mat, off + rs, cs, c0, c1, first, bias, biasOff + 1, x, xOff, m, k, k1, out, outOff + m);
    }

    private static void oneRow(double[] mat, int off, int cs, int c0, int c1, boolean first, double[] bias,
                               int biasOff, double[] x, int xOff, int m, int k0, int k1, double[] out, int outOff) {
        int k = k0;
        for (; k + 2 * L <= k1; k += 2 * L) {
            int o = outOff + k;
            DoubleVector a0 = startVector(first, bias, biasOff, out, o);
            DoubleVector b0 = startVector(first, bias, biasOff, out, o + L);
            for (int c = c0; c < c1; c++) {
                int xc = xOff + c * m + k;
                DoubleVector w0 = DoubleVector.broadcast(SPECIES, mat[off + c * cs]);
                a0 = w0.fma(DoubleVector.fromArray(SPECIES, x, xc), a0);
                b0 = w0.fma(DoubleVector.fromArray(SPECIES, x, xc + L), b0);
            }
            a0.intoArray(out, o);
            b0.intoArray(out, o + L);
        }
        oneRowTail(mat, off, cs, c0, c1, first, bias, biasOff, x, xOff, m, k, k1, out, outOff);
    }

    /** Columns {@code k0 ≤ k < k1} of one row with scalar fused multiply-adds. */
    private static void oneRowTail(double[] mat, int off, int cs, int c0, int c1, boolean first, double[] bias,
                                   int biasOff, double[] x, int xOff, int m, int k0, int k1, double[] out,
                                   int outOff) {
        for (int k = k0; k < k1; k++) {
            double acc = start(first, bias, biasOff, out, outOff + k);
            for (int c = c0; c < c1; c++) {
                acc = Math.fma(mat[off + c * cs], x[xOff + c * m + k], acc);
            }
            out[outOff + k] = acc;
        }
    }
}
