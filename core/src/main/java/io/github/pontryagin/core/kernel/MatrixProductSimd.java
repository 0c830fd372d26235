package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link DenseKernels#times}, {@link DenseKernels#affine} and {@link DenseKernels#transposeTimes}
 * (scalar variant: {@link MatrixProduct}). Every output entry is {@code acc = start; acc = fma(B[r,c], x[c,k], acc)}
 * for c = 0, 1, …, inner − 1 in that order, one rounding per term, exactly as in the plain loops, so both variants
 * give the same bits (including how overflow turns into infinities and NaN, which the trainer's NaN guard relies
 * on).
 *
 * <p>Register-blocked: a tile of 4 rows × 3 vectors of the output stays in 12 registers (with AVX-512's 32
 * registers, 8 rows × 3 vectors in 24: 3 loads and 8 broadcasts per 24 fused multiply-adds) while the whole inner
 * dimension streams through (3 loads of x and 4 broadcasts of matrix entries per 12 fused multiply-adds), and is
 * written once; there is no inner-dimension blocking, so every entry is computed in one pass from its start value
 * and never read back. Cache-blocked over the batch only: the batch is cut into strips of {@code 3L} columns, and
 * all row tiles of a strip run before the next strip, so the strip of x they share ({@code inner × 3L} doubles:
 * 12 KB for inner = 128 and L = 4) stays in L1 while the matrix streams from L2. Rows left over by the 4-row tiles
 * take tiles of 2 rows, then 1 row, × 3 vectors.
 *
 * <p>Columns left over by the strips take single vectors, 8 rows at a time (8 independent sums hide the latency of
 * the fused multiply-adds), then 4, then 1. When the batch is not a multiple of L the last vector starts at
 * {@code m − L} and overlaps the one before it: the entries in both are computed twice with the same chain of
 * terms, so they get the same bits (a chunk of 50 points is 4 strips of 12 columns and 1 vector at column 46, not
 * 2 scalar columns that cost as much as the other 48). Batches narrower than one vector take scalar fused
 * multiply-adds, 4 rows at a time. {@code out} must not overlap {@code mat}, {@code bias} or {@code x}.
 *
 * <p>Every kernel is a method of its own that holds only its loop, so that C2 compiles it whole and intrinsifies
 * every Vector API call in it (a call left out of the inlining boxes its vector: an allocation and a slow path).
 * Fused multiply-adds need FMA hardware (x86 since Haswell/Zen, ARMv8); without it the JDK emulates them, slowly,
 * in both variants alike.
 */
final class MatrixProductSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;
    /** Batch columns of a strip: 3 vectors, the width of the 4-row register tile. */
    private static final int STRIP = 3 * L;
    /**
     * Whether the strips take 8-row tiles first (24 accumulators): with 8 lanes (AVX-512, 32 vector registers), where
     * they reach about 41 GFLOP/s against 31 for the 4-row tiles (d = 128, 48 columns, isolated loop, Sapphire
     * Rapids Xeon); AVX2's 16 registers would spill them.
     */
    private static final boolean EIGHT_ROW_TILES = L >= 8;

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
        if (m < L) {
            narrow(mat, off, rowStride, colStride, rows, inner, bias, biasOff, x, xOff, m, out, outOff, 0);
            return;
        }
        int k = 0;
        for (; k + STRIP <= m; k += STRIP) {
            strip(mat, off, rowStride, colStride, rows, inner, bias, biasOff, x, xOff + k, m, out, outOff + k);
        }
        if (k < m && rowStride == 1 && rows >= 4 * L) {
            // the matrix's rows are adjacent (Aᵀ of a row-major A): the last columns as vectors of rows
            adjacentRowsTail(mat, off, colStride, rows, inner, bias, biasOff, x, xOff, m, out, outOff, k);
            return;
        }
        for (; k < m; k += L) {
            // the last vector of a batch that is not a multiple of L overlaps the one before it (same chains)
            int kv = Math.min(k, m - L);
            column(mat, off, rowStride, colStride, rows, inner, bias, biasOff, x, xOff + kv, m, out, outOff + kv);
        }
    }

    /** The columns {@code 0 ≤ j < 3L} from {@code x[xOff]} and {@code out[outOff]} of every row. */
    private static void strip(double[] mat, int off, int rs, int cs, int rows, int inner, double[] bias,
                              int biasOff, double[] x, int xOff, int m, double[] out, int outOff) {
        int r = 0;
        if (EIGHT_ROW_TILES) {
            for (; r + 8 <= rows; r += 8) {
                eightRows(mat, off + r * rs, rs, cs, inner, bias, biasOff + r, x, xOff, m, out, outOff + r * m);
            }
        }
        for (; r + 4 <= rows; r += 4) {
            fourRows(mat, off + r * rs, rs, cs, inner, bias, biasOff + r, x, xOff, m, out, outOff + r * m);
        }
        for (; r + 2 <= rows; r += 2) {
            twoRows(mat, off + r * rs, rs, cs, inner, bias, biasOff + r, x, xOff, m, out, outOff + r * m);
        }
        if (r < rows) {
            oneRow(mat, off + r * rs, cs, inner, bias, biasOff + r, x, xOff, m, out, outOff + r * m);
        }
    }

    /** The columns {@code 0 ≤ j < L} from {@code x[xOff]} and {@code out[outOff]} of every row. */
    private static void column(double[] mat, int off, int rs, int cs, int rows, int inner, double[] bias,
                               int biasOff, double[] x, int xOff, int m, double[] out, int outOff) {
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            eightRowsVector(mat, off + r * rs, rs, cs, inner, bias, biasOff + r, x, xOff, m, out, outOff + r * m);
        }
        if (r + 4 <= rows) {
            fourRowsVector(mat, off + r * rs, rs, cs, inner, bias, biasOff + r, x, xOff, m, out, outOff + r * m);
            r += 4;
        }
        for (; r < rows; r++) {
            oneRowVector(mat, off + r * rs, cs, inner, bias, biasOff + r, x, xOff, m, out, outOff + r * m);
        }
    }

    /** The first value of an accumulator: the bias, or 0. */
    private static DoubleVector start(double[] bias, int biasAt) {
        return DoubleVector.broadcast(SPECIES, bias == null ? 0.0 : bias[biasAt]);
    }

    /** 4 rows × 3 vectors: 12 accumulators, 3 loads of x and 4 broadcasts per 12 fused multiply-adds. */
    private static void fourRows(double[] mat, int off, int rs, int cs, int inner, double[] bias, int biasOff,
                                 double[] x, int xOff, int m, double[] out, int o) {
        DoubleVector a0 = start(bias, biasOff);
        DoubleVector b0 = a0;
        DoubleVector c0 = a0;
        DoubleVector a1 = start(bias, biasOff + 1);
        DoubleVector b1 = a1;
        DoubleVector c1 = a1;
        DoubleVector a2 = start(bias, biasOff + 2);
        DoubleVector b2 = a2;
        DoubleVector c2 = a2;
        DoubleVector a3 = start(bias, biasOff + 3);
        DoubleVector b3 = a3;
        DoubleVector c3 = a3;
        for (int c = 0; c < inner; c++) {
            int xc = xOff + c * m;
            DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xc);
            DoubleVector xb = DoubleVector.fromArray(SPECIES, x, xc + L);
            DoubleVector xd = DoubleVector.fromArray(SPECIES, x, xc + 2 * L);
            int e = off + c * cs;
            DoubleVector w = DoubleVector.broadcast(SPECIES, mat[e]);
            a0 = w.fma(xa, a0);
            b0 = w.fma(xb, b0);
            c0 = w.fma(xd, c0);
            w = DoubleVector.broadcast(SPECIES, mat[e + rs]);
            a1 = w.fma(xa, a1);
            b1 = w.fma(xb, b1);
            c1 = w.fma(xd, c1);
            w = DoubleVector.broadcast(SPECIES, mat[e + 2 * rs]);
            a2 = w.fma(xa, a2);
            b2 = w.fma(xb, b2);
            c2 = w.fma(xd, c2);
            w = DoubleVector.broadcast(SPECIES, mat[e + 3 * rs]);
            a3 = w.fma(xa, a3);
            b3 = w.fma(xb, b3);
            c3 = w.fma(xd, c3);
        }
        a0.intoArray(out, o);
        b0.intoArray(out, o + L);
        c0.intoArray(out, o + 2 * L);
        a1.intoArray(out, o + m);
        b1.intoArray(out, o + m + L);
        c1.intoArray(out, o + m + 2 * L);
        a2.intoArray(out, o + 2 * m);
        b2.intoArray(out, o + 2 * m + L);
        c2.intoArray(out, o + 2 * m + 2 * L);
        a3.intoArray(out, o + 3 * m);
        b3.intoArray(out, o + 3 * m + L);
        c3.intoArray(out, o + 3 * m + 2 * L);
    }

    /** 8 rows × 3 vectors: 24 accumulators, 3 loads of x and 8 broadcasts per 24 fused multiply-adds. */
    private static void eightRows(double[] mat, int off, int rs, int cs, int inner, double[] bias, int biasOff,
                                  double[] x, int xOff, int m, double[] out, int o) {
        DoubleVector a0 = start(bias, biasOff);
        DoubleVector b0 = a0;
        DoubleVector c0 = a0;
        DoubleVector a1 = start(bias, biasOff + 1);
        DoubleVector b1 = a1;
        DoubleVector c1 = a1;
        DoubleVector a2 = start(bias, biasOff + 2);
        DoubleVector b2 = a2;
        DoubleVector c2 = a2;
        DoubleVector a3 = start(bias, biasOff + 3);
        DoubleVector b3 = a3;
        DoubleVector c3 = a3;
        DoubleVector a4 = start(bias, biasOff + 4);
        DoubleVector b4 = a4;
        DoubleVector c4 = a4;
        DoubleVector a5 = start(bias, biasOff + 5);
        DoubleVector b5 = a5;
        DoubleVector c5 = a5;
        DoubleVector a6 = start(bias, biasOff + 6);
        DoubleVector b6 = a6;
        DoubleVector c6 = a6;
        DoubleVector a7 = start(bias, biasOff + 7);
        DoubleVector b7 = a7;
        DoubleVector c7 = a7;
        for (int c = 0; c < inner; c++) {
            int xc = xOff + c * m;
            DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xc);
            DoubleVector xb = DoubleVector.fromArray(SPECIES, x, xc + L);
            DoubleVector xd = DoubleVector.fromArray(SPECIES, x, xc + 2 * L);
            int e = off + c * cs;
            DoubleVector w = DoubleVector.broadcast(SPECIES, mat[e]);
            a0 = w.fma(xa, a0);
            b0 = w.fma(xb, b0);
            c0 = w.fma(xd, c0);
            w = DoubleVector.broadcast(SPECIES, mat[e + rs]);
            a1 = w.fma(xa, a1);
            b1 = w.fma(xb, b1);
            c1 = w.fma(xd, c1);
            w = DoubleVector.broadcast(SPECIES, mat[e + 2 * rs]);
            a2 = w.fma(xa, a2);
            b2 = w.fma(xb, b2);
            c2 = w.fma(xd, c2);
            w = DoubleVector.broadcast(SPECIES, mat[e + 3 * rs]);
            a3 = w.fma(xa, a3);
            b3 = w.fma(xb, b3);
            c3 = w.fma(xd, c3);
            w = DoubleVector.broadcast(SPECIES, mat[e + 4 * rs]);
            a4 = w.fma(xa, a4);
            b4 = w.fma(xb, b4);
            c4 = w.fma(xd, c4);
            w = DoubleVector.broadcast(SPECIES, mat[e + 5 * rs]);
            a5 = w.fma(xa, a5);
            b5 = w.fma(xb, b5);
            c5 = w.fma(xd, c5);
            w = DoubleVector.broadcast(SPECIES, mat[e + 6 * rs]);
            a6 = w.fma(xa, a6);
            b6 = w.fma(xb, b6);
            c6 = w.fma(xd, c6);
            w = DoubleVector.broadcast(SPECIES, mat[e + 7 * rs]);
            a7 = w.fma(xa, a7);
            b7 = w.fma(xb, b7);
            c7 = w.fma(xd, c7);
        }
        a0.intoArray(out, o);
        b0.intoArray(out, o + L);
        c0.intoArray(out, o + 2 * L);
        a1.intoArray(out, o + m);
        b1.intoArray(out, o + m + L);
        c1.intoArray(out, o + m + 2 * L);
        a2.intoArray(out, o + 2 * m);
        b2.intoArray(out, o + 2 * m + L);
        c2.intoArray(out, o + 2 * m + 2 * L);
        a3.intoArray(out, o + 3 * m);
        b3.intoArray(out, o + 3 * m + L);
        c3.intoArray(out, o + 3 * m + 2 * L);
        a4.intoArray(out, o + 4 * m);
        b4.intoArray(out, o + 4 * m + L);
        c4.intoArray(out, o + 4 * m + 2 * L);
        a5.intoArray(out, o + 5 * m);
        b5.intoArray(out, o + 5 * m + L);
        c5.intoArray(out, o + 5 * m + 2 * L);
        a6.intoArray(out, o + 6 * m);
        b6.intoArray(out, o + 6 * m + L);
        c6.intoArray(out, o + 6 * m + 2 * L);
        a7.intoArray(out, o + 7 * m);
        b7.intoArray(out, o + 7 * m + L);
        c7.intoArray(out, o + 7 * m + 2 * L);
    }

    /** 2 rows × 3 vectors (d = 2 nets, and the rows left over by the 4-row tiles). */
    private static void twoRows(double[] mat, int off, int rs, int cs, int inner, double[] bias, int biasOff,
                                double[] x, int xOff, int m, double[] out, int o) {
        DoubleVector a0 = start(bias, biasOff);
        DoubleVector b0 = a0;
        DoubleVector c0 = a0;
        DoubleVector a1 = start(bias, biasOff + 1);
        DoubleVector b1 = a1;
        DoubleVector c1 = a1;
        for (int c = 0; c < inner; c++) {
            int xc = xOff + c * m;
            DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xc);
            DoubleVector xb = DoubleVector.fromArray(SPECIES, x, xc + L);
            DoubleVector xd = DoubleVector.fromArray(SPECIES, x, xc + 2 * L);
            int e = off + c * cs;
            DoubleVector w = DoubleVector.broadcast(SPECIES, mat[e]);
            a0 = w.fma(xa, a0);
            b0 = w.fma(xb, b0);
            c0 = w.fma(xd, c0);
            w = DoubleVector.broadcast(SPECIES, mat[e + rs]);
            a1 = w.fma(xa, a1);
            b1 = w.fma(xb, b1);
            c1 = w.fma(xd, c1);
        }
        a0.intoArray(out, o);
        b0.intoArray(out, o + L);
        c0.intoArray(out, o + 2 * L);
        a1.intoArray(out, o + m);
        b1.intoArray(out, o + m + L);
        c1.intoArray(out, o + m + 2 * L);
    }

    /** 1 row × 3 vectors. */
    private static void oneRow(double[] mat, int off, int cs, int inner, double[] bias, int biasOff,
                               double[] x, int xOff, int m, double[] out, int o) {
        DoubleVector a0 = start(bias, biasOff);
        DoubleVector b0 = a0;
        DoubleVector c0 = a0;
        for (int c = 0; c < inner; c++) {
            int xc = xOff + c * m;
            DoubleVector w = DoubleVector.broadcast(SPECIES, mat[off + c * cs]);
            a0 = w.fma(DoubleVector.fromArray(SPECIES, x, xc), a0);
            b0 = w.fma(DoubleVector.fromArray(SPECIES, x, xc + L), b0);
            c0 = w.fma(DoubleVector.fromArray(SPECIES, x, xc + 2 * L), c0);
        }
        a0.intoArray(out, o);
        b0.intoArray(out, o + L);
        c0.intoArray(out, o + 2 * L);
    }

    /** 8 rows × 1 vector: 8 independent sums, 1 load of x and 8 broadcasts per 8 fused multiply-adds. */
    private static void eightRowsVector(double[] mat, int off, int rs, int cs, int inner, double[] bias,
                                        int biasOff, double[] x, int xOff, int m, double[] out, int o) {
        DoubleVector a0 = start(bias, biasOff);
        DoubleVector a1 = start(bias, biasOff + 1);
        DoubleVector a2 = start(bias, biasOff + 2);
        DoubleVector a3 = start(bias, biasOff + 3);
        DoubleVector a4 = start(bias, biasOff + 4);
        DoubleVector a5 = start(bias, biasOff + 5);
        DoubleVector a6 = start(bias, biasOff + 6);
        DoubleVector a7 = start(bias, biasOff + 7);
        for (int c = 0; c < inner; c++) {
            DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xOff + c * m);
            int e = off + c * cs;
            a0 = DoubleVector.broadcast(SPECIES, mat[e]).fma(xa, a0);
            a1 = DoubleVector.broadcast(SPECIES, mat[e + rs]).fma(xa, a1);
            a2 = DoubleVector.broadcast(SPECIES, mat[e + 2 * rs]).fma(xa, a2);
            a3 = DoubleVector.broadcast(SPECIES, mat[e + 3 * rs]).fma(xa, a3);
            a4 = DoubleVector.broadcast(SPECIES, mat[e + 4 * rs]).fma(xa, a4);
            a5 = DoubleVector.broadcast(SPECIES, mat[e + 5 * rs]).fma(xa, a5);
            a6 = DoubleVector.broadcast(SPECIES, mat[e + 6 * rs]).fma(xa, a6);
            a7 = DoubleVector.broadcast(SPECIES, mat[e + 7 * rs]).fma(xa, a7);
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

    /** 4 rows × 1 vector. */
    private static void fourRowsVector(double[] mat, int off, int rs, int cs, int inner, double[] bias,
                                       int biasOff, double[] x, int xOff, int m, double[] out, int o) {
        DoubleVector a0 = start(bias, biasOff);
        DoubleVector a1 = start(bias, biasOff + 1);
        DoubleVector a2 = start(bias, biasOff + 2);
        DoubleVector a3 = start(bias, biasOff + 3);
        for (int c = 0; c < inner; c++) {
            DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xOff + c * m);
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
    }

    /** 1 row × 1 vector. */
    private static void oneRowVector(double[] mat, int off, int cs, int inner, double[] bias, int biasOff,
                                     double[] x, int xOff, int m, double[] out, int o) {
        DoubleVector a0 = start(bias, biasOff);
        for (int c = 0; c < inner; c++) {
            a0 = DoubleVector.broadcast(SPECIES, mat[off + c * cs])
                    .fma(DoubleVector.fromArray(SPECIES, x, xOff + c * m), a0);
        }
        a0.intoArray(out, o);
    }

    /**
     * Columns {@code k0 .. m} with scalar fused multiply-adds, one column of 4 rows at a time (4 independent sums),
     * then the rows left over one at a time: a batch narrower than one vector ({@code m < L}, e.g. a single point,
     * from k0 = 0), and the rows below the vector blocks of {@link #adjacentRowsTail}.
     */
    private static void narrow(double[] mat, int off, int rs, int cs, int rows, int inner, double[] bias,
                               int biasOff, double[] x, int xOff, int m, double[] out, int outOff, int k0) {
        for (int k = k0; k < m; k++) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int o = outOff + r * m + k;
                int b = biasOff + r;
                double a0 = bias == null ? 0.0 : bias[b];
                double a1 = bias == null ? 0.0 : bias[b + 1];
                double a2 = bias == null ? 0.0 : bias[b + 2];
                double a3 = bias == null ? 0.0 : bias[b + 3];
                int p = off + r * rs;
                for (int c = 0; c < inner; c++) {
                    double xa = x[xOff + c * m + k];
                    int e = p + c * cs;
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
            for (; r < rows; r++) {
                double acc = bias == null ? 0.0 : bias[biasOff + r];
                int p = off + r * rs;
                for (int c = 0; c < inner; c++) {
                    acc = Math.fma(mat[p + c * cs], x[xOff + c * m + k], acc);
                }
                out[outOff + r * m + k] = acc;
            }
        }
    }

    /**
     * Columns {@code k0 .. m} of every row when the matrix's rows are adjacent ({@code rs = 1}: the {@code Aᵀ} of
     * {@code transposeTimes}, whose column c is a row of the stored A): vectors of L rows × two columns, i.e. per
     * inner index 4 loads of the matrix and 2 broadcasts of x per 8 fused multiply-adds, instead of the 8-row
     * single-vector tiles of {@link #column} (8 broadcasts per 8), which cost a whole vector of columns for the last
     * 2 columns of a chunk of 50. The same chain per entry; stored through the lane scratch.
     */
    private static void adjacentRowsTail(double[] mat, int off, int cs, int rows, int inner, double[] bias,
                                         int biasOff, double[] x, int xOff, int m, double[] out, int outOff, int k0) {
        double[] lanes = Simd.LANES.get();
        int blocked = rows - rows % (4 * L);
        for (int k = k0; k < m; k += 2) {
            int columns = Math.min(2, m - k);
            for (int r = 0; r < blocked; r += 4 * L) {
                if (columns == 2) {
                    fourVectorsTwoColumns(mat, off + r, cs, inner, bias, biasOff + r, x, xOff + k, m, lanes);
                } else {
                    fourVectorsOneColumn(mat, off + r, cs, inner, bias, biasOff + r, x, xOff + k, m, lanes);
                }
                Simd.storeLanes(lanes, 4 * L, out, outOff + r * m + k, m, 1, columns);
            }
        }
        if (blocked < rows) {
            narrow(mat, off + blocked, 1, cs, rows - blocked, inner, bias, biasOff + blocked, x, xOff, m, out,
                    outOff + blocked * m, k0);
        }
    }

    /** The first value of a vector of accumulators of L adjacent rows: the bias, or 0. */
    private static DoubleVector startRows(double[] bias, int biasAt) {
        return bias == null ? DoubleVector.zero(SPECIES) : DoubleVector.fromArray(SPECIES, bias, biasAt);
    }

    /** Rows {@code 0 .. 4L} (adjacent in the matrix) × columns k, k + 1 of x, into {@code lanes} (column-major). */
    private static void fourVectorsTwoColumns(double[] mat, int off, int cs, int inner, double[] bias, int biasOff,
                                              double[] x, int xOff, int m, double[] lanes) {
        DoubleVector a0 = startRows(bias, biasOff);
        DoubleVector a1 = startRows(bias, biasOff + L);
        DoubleVector a2 = startRows(bias, biasOff + 2 * L);
        DoubleVector a3 = startRows(bias, biasOff + 3 * L);
        DoubleVector b0 = a0;
        DoubleVector b1 = a1;
        DoubleVector b2 = a2;
        DoubleVector b3 = a3;
        for (int c = 0; c < inner; c++) {
            int e = off + c * cs;
            DoubleVector r0 = DoubleVector.fromArray(SPECIES, mat, e);
            DoubleVector r1 = DoubleVector.fromArray(SPECIES, mat, e + L);
            DoubleVector r2 = DoubleVector.fromArray(SPECIES, mat, e + 2 * L);
            DoubleVector r3 = DoubleVector.fromArray(SPECIES, mat, e + 3 * L);
            int xc = xOff + c * m;
            DoubleVector u = DoubleVector.broadcast(SPECIES, x[xc]);
            DoubleVector v = DoubleVector.broadcast(SPECIES, x[xc + 1]);
            a0 = r0.fma(u, a0);
            a1 = r1.fma(u, a1);
            a2 = r2.fma(u, a2);
            a3 = r3.fma(u, a3);
            b0 = r0.fma(v, b0);
            b1 = r1.fma(v, b1);
            b2 = r2.fma(v, b2);
            b3 = r3.fma(v, b3);
        }
        int w = 4 * L;
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
        b0.intoArray(lanes, w);
        b1.intoArray(lanes, w + L);
        b2.intoArray(lanes, w + 2 * L);
        b3.intoArray(lanes, w + 3 * L);
    }

    /** Rows {@code 0 .. 4L} (adjacent in the matrix) × column k of x, into {@code lanes}. */
    private static void fourVectorsOneColumn(double[] mat, int off, int cs, int inner, double[] bias, int biasOff,
                                             double[] x, int xOff, int m, double[] lanes) {
        DoubleVector a0 = startRows(bias, biasOff);
        DoubleVector a1 = startRows(bias, biasOff + L);
        DoubleVector a2 = startRows(bias, biasOff + 2 * L);
        DoubleVector a3 = startRows(bias, biasOff + 3 * L);
        for (int c = 0; c < inner; c++) {
            int e = off + c * cs;
            DoubleVector u = DoubleVector.broadcast(SPECIES, x[xOff + c * m]);
            a0 = DoubleVector.fromArray(SPECIES, mat, e).fma(u, a0);
            a1 = DoubleVector.fromArray(SPECIES, mat, e + L).fma(u, a1);
            a2 = DoubleVector.fromArray(SPECIES, mat, e + 2 * L).fma(u, a2);
            a3 = DoubleVector.fromArray(SPECIES, mat, e + 3 * L).fma(u, a3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
    }

    // ---- packed matrices: the 8-row tiles of a matrix used for many products, rearranged once ----

    /**
     * The length of a packed {@code rows × inner} matrix ({@link #pack}): its full tiles of 8 rows, or 0 when the
     * products take no packed matrices (fewer than 8 lanes: no 8-row tiles).
     */
    static int packedLength(int rows, int inner) {
        return EIGHT_ROW_TILES ? rows / 8 * 8 * inner : 0;
    }

    /**
     * {@code packed[8t·inner + 8c + j] = B[8t + j, c]} for the full tiles {@code t < ⌊rows/8⌋} of the matrix
     * {@code B[r, c] = mat[off + r·rs + c·cs]}: the 8 entries an 8-row tile broadcasts for one inner index are
     * adjacent, and the index of the next inner index is 8 on, a constant stride (the tile of {@link #product} reads
     * them from 8 rows {@code rs} apart, with a range check per load that C2 cannot hoist out of the loop for a
     * stride known only at run time).
     */
    static void pack(double[] mat, int off, int rs, int cs, int rows, int inner, double[] packed) {
        if (!EIGHT_ROW_TILES) {
            return; // packedLength is 0: nothing to pack
        }
        // 8 lanes: a tile's 8 entries of one inner index are one vector, copied when the rows are adjacent (the Aᵀ of
        // a row-major A), else gathered from the 8 rows
        int[] rowsAt = rs == 1 ? null : Simd.rowOffsets(rs);
        for (int t = 0; t < rows / 8; t++) {
            int base = 8 * t * inner;
            int first = off + 8 * t * rs;
            for (int c = 0; c < inner; c++) {
                int e = first + c * cs;
                DoubleVector tile = rowsAt == null ? DoubleVector.fromArray(SPECIES, mat, e)
                        : DoubleVector.fromArray(SPECIES, mat, e, rowsAt, 0);
                tile.intoArray(packed, base + 8 * c);
            }
        }
    }

    /**
     * {@link #product} with the full 8-row tiles of the matrix read from its packed form ({@link #pack} of the same
     * matrix), the rows below them from {@code mat}: the same chain per entry, so the same bits. Strips of 3 vectors
     * as in {@link #product}; the last columns (fewer than a strip) by single vectors while a whole vector is left,
     * then as vectors of the 8 rows of a tile (adjacent in the packed form) × one or two columns.
     */
    static void productPacked(double[] packed, double[] mat, int off, int rs, int cs, int rows, int inner,
                              double[] bias, int biasOff, double[] x, int xOff, int m, double[] out, int outOff) {
        int tiled = rows / 8 * 8;
        if (!EIGHT_ROW_TILES || tiled == 0 || inner == 0 || m < L) {
            product(mat, off, rs, cs, rows, inner, bias, biasOff, x, xOff, m, out, outOff);
            return;
        }
        int k = 0;
        for (; k + STRIP <= m; k += STRIP) {
            for (int r = 0; r < tiled; r += 8) {
                packedEightRows(packed, r * inner, inner, bias, biasOff + r, x, xOff + k, m, out, outOff + r * m + k);
            }
        }
        for (; k + L <= m; k += L) {
            for (int r = 0; r < tiled; r += 8) {
                packedEightRowsVector(packed, r * inner, inner, bias, biasOff + r, x, xOff + k, m, out,
                        outOff + r * m + k);
            }
        }
        if (k < m) {
            packedColumns(packed, tiled, inner, bias, biasOff, x, xOff, m, out, outOff, k);
        }
        if (tiled < rows) {
            product(mat, off + tiled * rs, rs, cs, rows - tiled, inner, bias, biasOff + tiled, x, xOff, m, out,
                    outOff + tiled * m);
        }
    }

    /** {@link #eightRows} of a packed tile (from {@code p}): its broadcasts at a constant stride. */
    private static void packedEightRows(double[] packed, int p, int inner, double[] bias, int biasOff,
                                        double[] x, int xOff, int m, double[] out, int o) {
        DoubleVector a0 = start(bias, biasOff);
        DoubleVector b0 = a0;
        DoubleVector c0 = a0;
        DoubleVector a1 = start(bias, biasOff + 1);
        DoubleVector b1 = a1;
        DoubleVector c1 = a1;
        DoubleVector a2 = start(bias, biasOff + 2);
        DoubleVector b2 = a2;
        DoubleVector c2 = a2;
        DoubleVector a3 = start(bias, biasOff + 3);
        DoubleVector b3 = a3;
        DoubleVector c3 = a3;
        DoubleVector a4 = start(bias, biasOff + 4);
        DoubleVector b4 = a4;
        DoubleVector c4 = a4;
        DoubleVector a5 = start(bias, biasOff + 5);
        DoubleVector b5 = a5;
        DoubleVector c5 = a5;
        DoubleVector a6 = start(bias, biasOff + 6);
        DoubleVector b6 = a6;
        DoubleVector c6 = a6;
        DoubleVector a7 = start(bias, biasOff + 7);
        DoubleVector b7 = a7;
        DoubleVector c7 = a7;
        for (int c = 0; c < inner; c++) {
            int xc = xOff + c * m;
            DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xc);
            DoubleVector xb = DoubleVector.fromArray(SPECIES, x, xc + L);
            DoubleVector xd = DoubleVector.fromArray(SPECIES, x, xc + 2 * L);
            int e = p + 8 * c;
            DoubleVector w = DoubleVector.broadcast(SPECIES, packed[e]);
            a0 = w.fma(xa, a0);
            b0 = w.fma(xb, b0);
            c0 = w.fma(xd, c0);
            w = DoubleVector.broadcast(SPECIES, packed[e + 1]);
            a1 = w.fma(xa, a1);
            b1 = w.fma(xb, b1);
            c1 = w.fma(xd, c1);
            w = DoubleVector.broadcast(SPECIES, packed[e + 2]);
            a2 = w.fma(xa, a2);
            b2 = w.fma(xb, b2);
            c2 = w.fma(xd, c2);
            w = DoubleVector.broadcast(SPECIES, packed[e + 3]);
            a3 = w.fma(xa, a3);
            b3 = w.fma(xb, b3);
            c3 = w.fma(xd, c3);
            w = DoubleVector.broadcast(SPECIES, packed[e + 4]);
            a4 = w.fma(xa, a4);
            b4 = w.fma(xb, b4);
            c4 = w.fma(xd, c4);
            w = DoubleVector.broadcast(SPECIES, packed[e + 5]);
            a5 = w.fma(xa, a5);
            b5 = w.fma(xb, b5);
            c5 = w.fma(xd, c5);
            w = DoubleVector.broadcast(SPECIES, packed[e + 6]);
            a6 = w.fma(xa, a6);
            b6 = w.fma(xb, b6);
            c6 = w.fma(xd, c6);
            w = DoubleVector.broadcast(SPECIES, packed[e + 7]);
            a7 = w.fma(xa, a7);
            b7 = w.fma(xb, b7);
            c7 = w.fma(xd, c7);
        }
        a0.intoArray(out, o);
        b0.intoArray(out, o + L);
        c0.intoArray(out, o + 2 * L);
        a1.intoArray(out, o + m);
        b1.intoArray(out, o + m + L);
        c1.intoArray(out, o + m + 2 * L);
        a2.intoArray(out, o + 2 * m);
        b2.intoArray(out, o + 2 * m + L);
        c2.intoArray(out, o + 2 * m + 2 * L);
        a3.intoArray(out, o + 3 * m);
        b3.intoArray(out, o + 3 * m + L);
        c3.intoArray(out, o + 3 * m + 2 * L);
        a4.intoArray(out, o + 4 * m);
        b4.intoArray(out, o + 4 * m + L);
        c4.intoArray(out, o + 4 * m + 2 * L);
        a5.intoArray(out, o + 5 * m);
        b5.intoArray(out, o + 5 * m + L);
        c5.intoArray(out, o + 5 * m + 2 * L);
        a6.intoArray(out, o + 6 * m);
        b6.intoArray(out, o + 6 * m + L);
        c6.intoArray(out, o + 6 * m + 2 * L);
        a7.intoArray(out, o + 7 * m);
        b7.intoArray(out, o + 7 * m + L);
        c7.intoArray(out, o + 7 * m + 2 * L);
    }

    /** {@link #eightRowsVector} of a packed tile. */
    private static void packedEightRowsVector(double[] packed, int p, int inner, double[] bias, int biasOff,
                                              double[] x, int xOff, int m, double[] out, int o) {
        DoubleVector a0 = start(bias, biasOff);
        DoubleVector a1 = start(bias, biasOff + 1);
        DoubleVector a2 = start(bias, biasOff + 2);
        DoubleVector a3 = start(bias, biasOff + 3);
        DoubleVector a4 = start(bias, biasOff + 4);
        DoubleVector a5 = start(bias, biasOff + 5);
        DoubleVector a6 = start(bias, biasOff + 6);
        DoubleVector a7 = start(bias, biasOff + 7);
        for (int c = 0; c < inner; c++) {
            DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xOff + c * m);
            int e = p + 8 * c;
            a0 = DoubleVector.broadcast(SPECIES, packed[e]).fma(xa, a0);
            a1 = DoubleVector.broadcast(SPECIES, packed[e + 1]).fma(xa, a1);
            a2 = DoubleVector.broadcast(SPECIES, packed[e + 2]).fma(xa, a2);
            a3 = DoubleVector.broadcast(SPECIES, packed[e + 3]).fma(xa, a3);
            a4 = DoubleVector.broadcast(SPECIES, packed[e + 4]).fma(xa, a4);
            a5 = DoubleVector.broadcast(SPECIES, packed[e + 5]).fma(xa, a5);
            a6 = DoubleVector.broadcast(SPECIES, packed[e + 6]).fma(xa, a6);
            a7 = DoubleVector.broadcast(SPECIES, packed[e + 7]).fma(xa, a7);
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
     * Columns {@code k0 .. m} (fewer than L) of the tiled rows {@code 0 .. tiled}: vectors of a tile's 8 rows
     * (adjacent in the packed form) × two columns, four tiles at a time where there are four (8 accumulators: per
     * inner index 4 loads and 2 broadcasts per 8 fused multiply-adds), stored through the lane scratch.
     */
    private static void packedColumns(double[] packed, int tiled, int inner, double[] bias, int biasOff, double[] x,
                                      int xOff, int m, double[] out, int outOff, int k0) {
        double[] lanes = Simd.LANES.get();
        int blocked = tiled - tiled % 32;
        for (int k = k0; k < m; k += 2) {
            int columns = Math.min(2, m - k);
            int r = 0;
            for (; r < blocked; r += 32) {
                packedFourTiles(packed, r * inner, inner, bias, biasOff + r, x, xOff + k, m, columns == 2, lanes);
                Simd.storeLanes(lanes, 32, out, outOff + r * m + k, m, 1, columns);
            }
            for (; r < tiled; r += 8) {
                packedOneTile(packed, r * inner, inner, bias, biasOff + r, x, xOff + k, m, columns == 2, lanes);
                Simd.storeLanes(lanes, 8, out, outOff + r * m + k, m, 1, columns);
            }
        }
    }

    /**
     * Four packed tiles from {@code p} (32 rows) × columns k and (when {@code two}) k + 1 of x, into {@code lanes}
     * (column-major, 32 per column; the second column's accumulators run on x's first column when not two, and are
     * not stored).
     */
    private static void packedFourTiles(double[] packed, int p, int inner, double[] bias, int biasOff, double[] x,
                                        int xOff, int m, boolean two, double[] lanes) {
        DoubleVector a0 = startRows(bias, biasOff);
        DoubleVector a1 = startRows(bias, biasOff + 8);
        DoubleVector a2 = startRows(bias, biasOff + 16);
        DoubleVector a3 = startRows(bias, biasOff + 24);
        DoubleVector b0 = a0;
        DoubleVector b1 = a1;
        DoubleVector b2 = a2;
        DoubleVector b3 = a3;
        int step = 8 * inner;
        int second = two ? 1 : 0;
        for (int c = 0; c < inner; c++) {
            int e = p + 8 * c;
            DoubleVector r0 = DoubleVector.fromArray(SPECIES, packed, e);
            DoubleVector r1 = DoubleVector.fromArray(SPECIES, packed, e + step);
            DoubleVector r2 = DoubleVector.fromArray(SPECIES, packed, e + 2 * step);
            DoubleVector r3 = DoubleVector.fromArray(SPECIES, packed, e + 3 * step);
            int xc = xOff + c * m;
            DoubleVector u = DoubleVector.broadcast(SPECIES, x[xc]);
            DoubleVector v = DoubleVector.broadcast(SPECIES, x[xc + second]);
            a0 = r0.fma(u, a0);
            a1 = r1.fma(u, a1);
            a2 = r2.fma(u, a2);
            a3 = r3.fma(u, a3);
            b0 = r0.fma(v, b0);
            b1 = r1.fma(v, b1);
            b2 = r2.fma(v, b2);
            b3 = r3.fma(v, b3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, 8);
        a2.intoArray(lanes, 16);
        a3.intoArray(lanes, 24);
        b0.intoArray(lanes, 32);
        b1.intoArray(lanes, 40);
        b2.intoArray(lanes, 48);
        b3.intoArray(lanes, 56);
    }

    /** One packed tile (8 rows) × columns k and (when {@code two}) k + 1, into {@code lanes} (8 per column). */
    private static void packedOneTile(double[] packed, int p, int inner, double[] bias, int biasOff, double[] x,
                                      int xOff, int m, boolean two, double[] lanes) {
        DoubleVector a0 = startRows(bias, biasOff);
        DoubleVector b0 = a0;
        int second = two ? 1 : 0;
        for (int c = 0; c < inner; c++) {
            DoubleVector r0 = DoubleVector.fromArray(SPECIES, packed, p + 8 * c);
            int xc = xOff + c * m;
            a0 = r0.fma(DoubleVector.broadcast(SPECIES, x[xc]), a0);
            b0 = r0.fma(DoubleVector.broadcast(SPECIES, x[xc + second]), b0);
        }
        a0.intoArray(lanes, 0);
        b0.intoArray(lanes, 8);
    }
}
