package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link DenseKernels#accumulateOuter} (scalar variant: {@link OuterProduct}). An x of at least
 * {@link OuterProduct#CHAIN_MIN_COLS} rows gives every entry the fused multiply-add chain over the batch,
 * {@code s = fma(u_ik, x_jk, s)} for k = 0, 1, …, m − 1 from s = 0, then {@code grad += s}; a narrower x the
 * 8-lane order of {@link ReductionSimd#dot}. Both are the plain variant's sums, so both variants give the same bits.
 *
 * <p>The chain is the matrix product {@code G = U Xᵀ} with the batch as its inner dimension, and runs like
 * {@link MatrixProductSimd}: a block of up to {@link #COL_BLOCK} rows of x is first transposed (batch-major,
 * {@code xt[k·w + j]}), then register tiles of 4 rows × 3 vectors of G keep 12 sums while the batch streams through
 * (3 loads of xt and 4 broadcasts of u per 12 fused multiply-adds), over strips of {@code 3L} columns whose part of
 * xt stays in L1 while every row tile of the strip runs; each entry is added to {@code grad} once, at the end of
 * its chain. Rows left over by the 4-row tiles take 1-row tiles; columns left over by the strips take single
 * vectors, then scalar chains. Every tile is a method of its own that holds only its loop, so that C2 compiles it
 * whole (see {@link MatrixProductSimd}).
 */
final class OuterProductSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;
    /** Columns of a strip: 3 vectors, the width of the 4-row register tile. */
    private static final int STRIP = 3 * L;
    /** Rows of x transposed at a time (a multiple of the strip): {@code 48 × m} doubles, 19 KB for m = 50. */
    private static final int COL_BLOCK = Math.max(STRIP, 48 / STRIP * STRIP);
    /** Per-thread scratch for the transposed block of x, grown on first use. */
    private static final Simd.Scratch TRANSPOSED = new Simd.Scratch();
    /** Per-thread scratch for u's 8-row tiles packed. */
    private static final Simd.Scratch PACKED = new Simd.Scratch();
    /** Whether strips take 8-row tiles first (24 accumulators; 8 lanes, AVX-512's 32 registers), as the products. */
    private static final boolean EIGHT_ROW_TILES = L >= 8;

    private OuterProductSimd() {
    }

    static void accumulateOuter(double[] u, int uOff, int rows, double[] x, int xOff, int cols, int m,
                                double[] grad, int off) {
        if (cols < OuterProduct.CHAIN_MIN_COLS) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    grad[off + i * cols + j] += ReductionSimd.dot(u, uOff + i * m, x, xOff + j * m, m);
                }
            }
            return;
        }
        int block = Math.min(COL_BLOCK, cols);
        double[] xt = TRANSPOSED.atLeast(COL_BLOCK * m);
        // the 8-row tiles read u packed (MatrixProductSimd.pack): their 8 broadcasts adjacent, at a constant stride
        int tiled = EIGHT_ROW_TILES ? rows / 8 * 8 : 0;
        double[] up = tiled > 0 ? PACKED.atLeast(tiled * m) : null;
        if (tiled > 0) {
            MatrixProductSimd.pack(u, uOff, m, 1, tiled, m, up);
        }
        for (int j0 = 0; j0 < cols; j0 += block) {
            int w = Math.min(block, cols - j0);
            transpose(x, xOff + j0 * m, m, w, xt);
            int g = off + j0;
            int j = 0;
            for (; j + STRIP <= w; j += STRIP) {
                int i = 0;
                for (; i < tiled; i += 8) {
                    eightRows(up, i * m, m, xt, j, grad, g + i * cols + j, cols);
                }
                for (; i + 4 <= rows; i += 4) {
                    fourRows(u, uOff + i * m, m, xt, j, grad, g + i * cols + j, cols);
                }
                for (; i < rows; i++) {
                    oneRow(u, uOff + i * m, m, xt, j, grad, g + i * cols + j);
                }
            }
            for (; j + L <= w; j += L) {
                int i = 0;
                for (; i < tiled; i += 8) {
                    eightRowsVector(up, i * m, m, xt, j, grad, g + i * cols + j, cols);
                }
                for (; i + 4 <= rows; i += 4) {
                    fourRowsVector(u, uOff + i * m, m, xt, j, grad, g + i * cols + j, cols);
                }
                for (; i < rows; i++) {
                    oneRowVector(u, uOff + i * m, m, xt, j, grad, g + i * cols + j);
                }
            }
            for (; j < w; j++) {
                for (int i = 0; i < rows; i++) {
                    grad[g + i * cols + j] += OuterProduct.fmaChain(u, uOff + i * m, x, xOff + (j0 + j) * m, m);
                }
            }
        }
    }

    /**
     * {@code xt[k·COL_BLOCK + j] = x[from + j·m + k]} for j &lt; w, k &lt; m: rows of x read 4 at a time, xt written
     * in order at a constant stride (the tiles' loads of xt then need no range check in their loop).
     */
    private static void transpose(double[] x, int from, int m, int w, double[] xt) {
        int j = 0;
        if (L == 8) {
            // 8 rows of x at a time: each xt vector gathered from them
            int[] rowsAt = Simd.rowOffsets(m);
            for (; j + 8 <= w; j += 8) {
                int r = from + j * m;
                for (int k = 0; k < m; k++) {
                    DoubleVector.fromArray(SPECIES, x, r + k, rowsAt, 0).intoArray(xt, k * COL_BLOCK + j);
                }
            }
        }
        for (; j + 4 <= w; j += 4) {
            int r = from + j * m;
            int t = j;
            for (int k = 0; k < m; k++, t += COL_BLOCK) {
                xt[t] = x[r + k];
                xt[t + 1] = x[r + m + k];
                xt[t + 2] = x[r + 2 * m + k];
                xt[t + 3] = x[r + 3 * m + k];
            }
        }
        for (; j < w; j++) {
            int r = from + j * m;
            int t = j;
            for (int k = 0; k < m; k++, t += COL_BLOCK) {
                xt[t] = x[r + k];
            }
        }
    }

    /** 8 rows × 3 vectors (AVX-512): 24 accumulators, 3 loads of xt and 8 broadcasts per 24 fused multiply-adds. */
    private static void eightRows(double[] up, int p, int m, double[] xt, int j, double[] grad, int g,
                                  int cols) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector b0 = a0;
        DoubleVector c0 = a0;
        DoubleVector a1 = a0;
        DoubleVector b1 = a0;
        DoubleVector c1 = a0;
        DoubleVector a2 = a0;
        DoubleVector b2 = a0;
        DoubleVector c2 = a0;
        DoubleVector a3 = a0;
        DoubleVector b3 = a0;
        DoubleVector c3 = a0;
        DoubleVector a4 = a0;
        DoubleVector b4 = a0;
        DoubleVector c4 = a0;
        DoubleVector a5 = a0;
        DoubleVector b5 = a0;
        DoubleVector c5 = a0;
        DoubleVector a6 = a0;
        DoubleVector b6 = a0;
        DoubleVector c6 = a0;
        DoubleVector a7 = a0;
        DoubleVector b7 = a0;
        DoubleVector c7 = a0;
        for (int k = 0; k < m; k++) {
            int xk = k * COL_BLOCK + j;
            DoubleVector xa = DoubleVector.fromArray(SPECIES, xt, xk);
            DoubleVector xb = DoubleVector.fromArray(SPECIES, xt, xk + L);
            DoubleVector xd = DoubleVector.fromArray(SPECIES, xt, xk + 2 * L);
            int e = p + 8 * k;
            DoubleVector v = DoubleVector.broadcast(SPECIES, up[e]);
            a0 = v.fma(xa, a0);
            b0 = v.fma(xb, b0);
            c0 = v.fma(xd, c0);
            v = DoubleVector.broadcast(SPECIES, up[e + 1]);
            a1 = v.fma(xa, a1);
            b1 = v.fma(xb, b1);
            c1 = v.fma(xd, c1);
            v = DoubleVector.broadcast(SPECIES, up[e + 2]);
            a2 = v.fma(xa, a2);
            b2 = v.fma(xb, b2);
            c2 = v.fma(xd, c2);
            v = DoubleVector.broadcast(SPECIES, up[e + 3]);
            a3 = v.fma(xa, a3);
            b3 = v.fma(xb, b3);
            c3 = v.fma(xd, c3);
            v = DoubleVector.broadcast(SPECIES, up[e + 4]);
            a4 = v.fma(xa, a4);
            b4 = v.fma(xb, b4);
            c4 = v.fma(xd, c4);
            v = DoubleVector.broadcast(SPECIES, up[e + 5]);
            a5 = v.fma(xa, a5);
            b5 = v.fma(xb, b5);
            c5 = v.fma(xd, c5);
            v = DoubleVector.broadcast(SPECIES, up[e + 6]);
            a6 = v.fma(xa, a6);
            b6 = v.fma(xb, b6);
            c6 = v.fma(xd, c6);
            v = DoubleVector.broadcast(SPECIES, up[e + 7]);
            a7 = v.fma(xa, a7);
            b7 = v.fma(xb, b7);
            c7 = v.fma(xd, c7);
        }
        DoubleVector.fromArray(SPECIES, grad, g).add(a0).intoArray(grad, g);
        DoubleVector.fromArray(SPECIES, grad, g + L).add(b0).intoArray(grad, g + L);
        DoubleVector.fromArray(SPECIES, grad, g + 2 * L).add(c0).intoArray(grad, g + 2 * L);
        DoubleVector.fromArray(SPECIES, grad, g + cols).add(a1).intoArray(grad, g + cols);
        DoubleVector.fromArray(SPECIES, grad, g + cols + L).add(b1).intoArray(grad, g + cols + L);
        DoubleVector.fromArray(SPECIES, grad, g + cols + 2 * L).add(c1).intoArray(grad, g + cols + 2 * L);
        DoubleVector.fromArray(SPECIES, grad, g + 2 * cols).add(a2).intoArray(grad, g + 2 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 2 * cols + L).add(b2).intoArray(grad, g + 2 * cols + L);
        DoubleVector.fromArray(SPECIES, grad, g + 2 * cols + 2 * L).add(c2).intoArray(grad, g + 2 * cols + 2 * L);
        DoubleVector.fromArray(SPECIES, grad, g + 3 * cols).add(a3).intoArray(grad, g + 3 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 3 * cols + L).add(b3).intoArray(grad, g + 3 * cols + L);
        DoubleVector.fromArray(SPECIES, grad, g + 3 * cols + 2 * L).add(c3).intoArray(grad, g + 3 * cols + 2 * L);
        DoubleVector.fromArray(SPECIES, grad, g + 4 * cols).add(a4).intoArray(grad, g + 4 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 4 * cols + L).add(b4).intoArray(grad, g + 4 * cols + L);
        DoubleVector.fromArray(SPECIES, grad, g + 4 * cols + 2 * L).add(c4).intoArray(grad, g + 4 * cols + 2 * L);
        DoubleVector.fromArray(SPECIES, grad, g + 5 * cols).add(a5).intoArray(grad, g + 5 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 5 * cols + L).add(b5).intoArray(grad, g + 5 * cols + L);
        DoubleVector.fromArray(SPECIES, grad, g + 5 * cols + 2 * L).add(c5).intoArray(grad, g + 5 * cols + 2 * L);
        DoubleVector.fromArray(SPECIES, grad, g + 6 * cols).add(a6).intoArray(grad, g + 6 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 6 * cols + L).add(b6).intoArray(grad, g + 6 * cols + L);
        DoubleVector.fromArray(SPECIES, grad, g + 6 * cols + 2 * L).add(c6).intoArray(grad, g + 6 * cols + 2 * L);
        DoubleVector.fromArray(SPECIES, grad, g + 7 * cols).add(a7).intoArray(grad, g + 7 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 7 * cols + L).add(b7).intoArray(grad, g + 7 * cols + L);
        DoubleVector.fromArray(SPECIES, grad, g + 7 * cols + 2 * L).add(c7).intoArray(grad, g + 7 * cols + 2 * L);
    }

    /**
     * Rows {@code ui + r·m} (r &lt; 4) of u × columns {@code j .. j + 3L} of xt, added to {@code grad[g + r·cols]}.
     */
    private static void fourRows(double[] u, int ui, int m, double[] xt, int j, double[] grad, int g,
                                 int cols) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector b0 = a0;
        DoubleVector c0 = a0;
        DoubleVector a1 = a0;
        DoubleVector b1 = a0;
        DoubleVector c1 = a0;
        DoubleVector a2 = a0;
        DoubleVector b2 = a0;
        DoubleVector c2 = a0;
        DoubleVector a3 = a0;
        DoubleVector b3 = a0;
        DoubleVector c3 = a0;
        for (int k = 0; k < m; k++) {
            int xk = k * COL_BLOCK + j;
            DoubleVector xa = DoubleVector.fromArray(SPECIES, xt, xk);
            DoubleVector xb = DoubleVector.fromArray(SPECIES, xt, xk + L);
            DoubleVector xd = DoubleVector.fromArray(SPECIES, xt, xk + 2 * L);
            int e = ui + k;
            DoubleVector v = DoubleVector.broadcast(SPECIES, u[e]);
            a0 = v.fma(xa, a0);
            b0 = v.fma(xb, b0);
            c0 = v.fma(xd, c0);
            v = DoubleVector.broadcast(SPECIES, u[e + m]);
            a1 = v.fma(xa, a1);
            b1 = v.fma(xb, b1);
            c1 = v.fma(xd, c1);
            v = DoubleVector.broadcast(SPECIES, u[e + 2 * m]);
            a2 = v.fma(xa, a2);
            b2 = v.fma(xb, b2);
            c2 = v.fma(xd, c2);
            v = DoubleVector.broadcast(SPECIES, u[e + 3 * m]);
            a3 = v.fma(xa, a3);
            b3 = v.fma(xb, b3);
            c3 = v.fma(xd, c3);
        }
        DoubleVector.fromArray(SPECIES, grad, g).add(a0).intoArray(grad, g);
        DoubleVector.fromArray(SPECIES, grad, g + L).add(b0).intoArray(grad, g + L);
        DoubleVector.fromArray(SPECIES, grad, g + 2 * L).add(c0).intoArray(grad, g + 2 * L);
        DoubleVector.fromArray(SPECIES, grad, g + cols).add(a1).intoArray(grad, g + cols);
        DoubleVector.fromArray(SPECIES, grad, g + cols + L).add(b1).intoArray(grad, g + cols + L);
        DoubleVector.fromArray(SPECIES, grad, g + cols + 2 * L).add(c1).intoArray(grad, g + cols + 2 * L);
        DoubleVector.fromArray(SPECIES, grad, g + 2 * cols).add(a2).intoArray(grad, g + 2 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 2 * cols + L).add(b2).intoArray(grad, g + 2 * cols + L);
        DoubleVector.fromArray(SPECIES, grad, g + 2 * cols + 2 * L).add(c2).intoArray(grad, g + 2 * cols + 2 * L);
        DoubleVector.fromArray(SPECIES, grad, g + 3 * cols).add(a3).intoArray(grad, g + 3 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 3 * cols + L).add(b3).intoArray(grad, g + 3 * cols + L);
        DoubleVector.fromArray(SPECIES, grad, g + 3 * cols + 2 * L).add(c3).intoArray(grad, g + 3 * cols + 2 * L);
    }

    /** 1 row × 3 vectors (the rows left over by the 4-row tiles). */
    private static void oneRow(double[] u, int ui, int m, double[] xt, int j, double[] grad, int g) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector b0 = a0;
        DoubleVector c0 = a0;
        for (int k = 0; k < m; k++) {
            int xk = k * COL_BLOCK + j;
            DoubleVector v = DoubleVector.broadcast(SPECIES, u[ui + k]);
            a0 = v.fma(DoubleVector.fromArray(SPECIES, xt, xk), a0);
            b0 = v.fma(DoubleVector.fromArray(SPECIES, xt, xk + L), b0);
            c0 = v.fma(DoubleVector.fromArray(SPECIES, xt, xk + 2 * L), c0);
        }
        DoubleVector.fromArray(SPECIES, grad, g).add(a0).intoArray(grad, g);
        DoubleVector.fromArray(SPECIES, grad, g + L).add(b0).intoArray(grad, g + L);
        DoubleVector.fromArray(SPECIES, grad, g + 2 * L).add(c0).intoArray(grad, g + 2 * L);
    }

    /** 8 packed rows × 1 vector (the columns left over by the strips): 1 load and 8 broadcasts per 8. */
    private static void eightRowsVector(double[] up, int p, int m, double[] xt, int j, double[] grad, int g,
                                        int cols) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector a4 = a0;
        DoubleVector a5 = a0;
        DoubleVector a6 = a0;
        DoubleVector a7 = a0;
        for (int k = 0; k < m; k++) {
            DoubleVector xa = DoubleVector.fromArray(SPECIES, xt, k * COL_BLOCK + j);
            int e = p + 8 * k;
            a0 = DoubleVector.broadcast(SPECIES, up[e]).fma(xa, a0);
            a1 = DoubleVector.broadcast(SPECIES, up[e + 1]).fma(xa, a1);
            a2 = DoubleVector.broadcast(SPECIES, up[e + 2]).fma(xa, a2);
            a3 = DoubleVector.broadcast(SPECIES, up[e + 3]).fma(xa, a3);
            a4 = DoubleVector.broadcast(SPECIES, up[e + 4]).fma(xa, a4);
            a5 = DoubleVector.broadcast(SPECIES, up[e + 5]).fma(xa, a5);
            a6 = DoubleVector.broadcast(SPECIES, up[e + 6]).fma(xa, a6);
            a7 = DoubleVector.broadcast(SPECIES, up[e + 7]).fma(xa, a7);
        }
        DoubleVector.fromArray(SPECIES, grad, g).add(a0).intoArray(grad, g);
        DoubleVector.fromArray(SPECIES, grad, g + cols).add(a1).intoArray(grad, g + cols);
        DoubleVector.fromArray(SPECIES, grad, g + 2 * cols).add(a2).intoArray(grad, g + 2 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 3 * cols).add(a3).intoArray(grad, g + 3 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 4 * cols).add(a4).intoArray(grad, g + 4 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 5 * cols).add(a5).intoArray(grad, g + 5 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 6 * cols).add(a6).intoArray(grad, g + 6 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 7 * cols).add(a7).intoArray(grad, g + 7 * cols);
    }

    /** 4 rows × 1 vector (the columns left over by the strips). */
    private static void fourRowsVector(double[] u, int ui, int m, double[] xt, int j, double[] grad, int g,
                                       int cols) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int k = 0; k < m; k++) {
            DoubleVector xa = DoubleVector.fromArray(SPECIES, xt, k * COL_BLOCK + j);
            int e = ui + k;
            a0 = DoubleVector.broadcast(SPECIES, u[e]).fma(xa, a0);
            a1 = DoubleVector.broadcast(SPECIES, u[e + m]).fma(xa, a1);
            a2 = DoubleVector.broadcast(SPECIES, u[e + 2 * m]).fma(xa, a2);
            a3 = DoubleVector.broadcast(SPECIES, u[e + 3 * m]).fma(xa, a3);
        }
        DoubleVector.fromArray(SPECIES, grad, g).add(a0).intoArray(grad, g);
        DoubleVector.fromArray(SPECIES, grad, g + cols).add(a1).intoArray(grad, g + cols);
        DoubleVector.fromArray(SPECIES, grad, g + 2 * cols).add(a2).intoArray(grad, g + 2 * cols);
        DoubleVector.fromArray(SPECIES, grad, g + 3 * cols).add(a3).intoArray(grad, g + 3 * cols);
    }

    /** 1 row × 1 vector. */
    private static void oneRowVector(double[] u, int ui, int m, double[] xt, int j, double[] grad, int g) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        for (int k = 0; k < m; k++) {
            DoubleVector xa = DoubleVector.fromArray(SPECIES, xt, k * COL_BLOCK + j);
            a0 = DoubleVector.broadcast(SPECIES, u[ui + k]).fma(xa, a0);
        }
        DoubleVector.fromArray(SPECIES, grad, g).add(a0).intoArray(grad, g);
    }
}
