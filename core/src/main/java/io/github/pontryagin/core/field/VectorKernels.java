package io.github.pontryagin.core.field;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD versions of the hot kernels (Java 17 {@code jdk.incubator.vector}); only touched when
 * {@link VectorApi#ENABLED}. Every kernel uses only lane-wise IEEE operations (add, multiply, fused
 * multiply-add, divide, min, bit moves) and sums lanes in a fixed order with scalar adds, never a
 * {@code reduceLanes}: the interpreter's fallback and the compiled code then give the same bits, so results
 * do not depend on the JIT's state (the thread-count and checkpointing tests compare bits).
 *
 * <p>Dense products are register-blocked: a 4-row × 2-vector tile of the output stays in 8 registers while
 * the inner dimension streams through, 6 loads per 8 multiply-adds instead of 2 loads and a store per
 * multiply-add in the plain loops. Products use a separate multiply and add, not a fused multiply-add, in
 * the same order as the plain loops of {@link DenseKernels}: {@code times}, {@code affine} and
 * {@code transposeTimes} give the same bits as those loops, including how overflow turns into infinities
 * and NaN (which the trainer's NaN guard relies on). On this hardware multiplies and adds issue on separate
 * pipes, so this costs little against fused multiply-adds. Only {@code accumulateOuter} sums in another
 * order (lane-wise partial sums).
 */
final class VectorKernels {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    /**
     * Batch columns per panel of a product: a panel of a 256-row input (256 × 64 doubles, 128 KB) stays in L2
     * while every row block of the output passes over it. A multiple of every vector length.
     */
    private static final int PANEL = 64;
    /** Rows of x per block of {@code accumulateOuter}, for the same reason. */
    private static final int OUTER_BLOCK = 64;
    /**
     * Per-thread scratch that receives accumulator vectors before their lanes are summed: passing a vector to
     * a method the JIT does not inline would box it (an allocation per call), an array does not.
     */
    private static final ThreadLocal<double[]> LANES = ThreadLocal.withInitial(() -> new double[8 * L]);

    private VectorKernels() {
    }

    static int lanes() {
        return L;
    }

    /**
     * {@link FastTanh#tanh} on the whole vectors of the slice, with {@code slope = 1 − tanh²} when {@code slope}
     * is not null; returns how many leading elements were done (the caller finishes the tail with the scalar
     * function, which gives the same bits).
     */
    static int tanh(double[] z, int zOff, int n, double[] out, int outOff, double[] slope, int slopeOff) {
        int upper = n - n % L;
        double[] c = FastTanh.COEFFICIENTS;
        for (int k = 0; k < upper; k += L) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, z, zOff + k);
            DoubleVector a = x.abs().min(FastTanh.CLAMP);
            DoubleVector t = a.mul(-2.0);
            DoubleVector shifted = t.fma(FastTanh.INV_LN2, FastTanh.SHIFTER);
            DoubleVector kd = shifted.sub(FastTanh.SHIFTER);
            DoubleVector r = kd.fma(DoubleVector.broadcast(SPECIES, -FastTanh.LN2_HI), t);
            r = kd.fma(DoubleVector.broadcast(SPECIES, -FastTanh.LN2_LO), r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector e0 = DoubleVector.broadcast(SPECIES, c[1]).fma(r, DoubleVector.broadcast(SPECIES, c[0]));
            DoubleVector e1 = DoubleVector.broadcast(SPECIES, c[3]).fma(r, DoubleVector.broadcast(SPECIES, c[2]));
            DoubleVector e2 = DoubleVector.broadcast(SPECIES, c[5]).fma(r, DoubleVector.broadcast(SPECIES, c[4]));
            DoubleVector e3 = DoubleVector.broadcast(SPECIES, c[7]).fma(r, DoubleVector.broadcast(SPECIES, c[6]));
            DoubleVector e4 = DoubleVector.broadcast(SPECIES, c[9]).fma(r, DoubleVector.broadcast(SPECIES, c[8]));
            DoubleVector e5 = DoubleVector.broadcast(SPECIES, c[11]).fma(r, DoubleVector.broadcast(SPECIES, c[10]));
            DoubleVector f0 = e1.fma(r2, e0);
            DoubleVector f1 = e3.fma(r2, e2);
            DoubleVector f2 = e5.fma(r2, e4);
            DoubleVector q = f2.fma(r4, f1).fma(r4, f0);
            DoubleVector p = q.fma(r2, r);
            LongVector exponent = shifted.reinterpretAsLongs().sub(FastTanh.SHIFTER_BITS);
            DoubleVector s = exponent.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector em = s.fma(p, s.sub(1.0));
            DoubleVector th = em.neg().div(em.add(2.0));
            LongVector signBit = x.reinterpretAsLongs().and(Long.MIN_VALUE);
            DoubleVector value = th.reinterpretAsLongs().and(Long.MAX_VALUE).or(signBit).reinterpretAsDoubles();
            value.intoArray(out, outOff + k);
            if (slope != null) {
                DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
                one.sub(value.mul(value)).intoArray(slope, slopeOff + k);
            }
        }
        return upper;
    }

    /**
     * {@code out[r, k] = start_r + Σ_c B[r, c] x[c, k]} for r &lt; rows, c &lt; inner, with the matrix entry
     * {@code B[r, c] = mat[off + r·rowStride + c·colStride]} (row-major A: strides (cols, 1); Aᵀ: (1, cols))
     * and {@code start_r = bias[biasOff + r]}, or 0 when {@code bias} is null.
     */
    static void product(double[] mat, int off, int rowStride, int colStride, int rows, int inner,
                        double[] bias, int biasOff, double[] x, int xOff, int m, double[] out, int outOff) {
        for (int k0 = 0; k0 < m; k0 += PANEL) {
            int k1 = Math.min(m, k0 + PANEL);
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                fourRows(mat, off + r * rowStride, rowStride, colStride, inner, bias, biasOff + r, x, xOff, m,
                        k0, k1, out, outOff + r * m);
            }
            for (; r + 2 <= rows; r += 2) {
                twoRows(mat, off + r * rowStride, rowStride, colStride, inner, bias, biasOff + r, x, xOff, m,
                        k0, k1, out, outOff + r * m);
            }
            for (; r < rows; r++) {
                oneRow(mat, off + r * rowStride, colStride, inner, bias, biasOff + r, x, xOff, m, k0, k1,
                        out, outOff + r * m);
            }
        }
    }

    private static void fourRows(double[] mat, int off, int rs, int cs, int inner, double[] bias, int biasOff,
                                 double[] x, int xOff, int m, int k0, int k1, double[] out, int outOff) {
        double s0 = bias == null ? 0.0 : bias[biasOff];
        double s1 = bias == null ? 0.0 : bias[biasOff + 1];
        double s2 = bias == null ? 0.0 : bias[biasOff + 2];
        double s3 = bias == null ? 0.0 : bias[biasOff + 3];
        int first = bias == null ? 1 : 0;
        int k = k0;
        for (; k + 2 * L <= k1; k += 2 * L) {
            DoubleVector a0;
            DoubleVector b0;
            DoubleVector a1;
            DoubleVector b1;
            DoubleVector a2;
            DoubleVector b2;
            DoubleVector a3;
            DoubleVector b3;
            if (bias == null) {
                DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xOff + k);
                DoubleVector xb = DoubleVector.fromArray(SPECIES, x, xOff + k + L);
                DoubleVector w0 = DoubleVector.broadcast(SPECIES, mat[off]);
                DoubleVector w1 = DoubleVector.broadcast(SPECIES, mat[off + rs]);
                DoubleVector w2 = DoubleVector.broadcast(SPECIES, mat[off + 2 * rs]);
                DoubleVector w3 = DoubleVector.broadcast(SPECIES, mat[off + 3 * rs]);
                a0 = w0.mul(xa);
                b0 = w0.mul(xb);
                a1 = w1.mul(xa);
                b1 = w1.mul(xb);
                a2 = w2.mul(xa);
                b2 = w2.mul(xb);
                a3 = w3.mul(xa);
                b3 = w3.mul(xb);
            } else {
                a0 = DoubleVector.broadcast(SPECIES, s0);
                b0 = a0;
                a1 = DoubleVector.broadcast(SPECIES, s1);
                b1 = a1;
                a2 = DoubleVector.broadcast(SPECIES, s2);
                b2 = a2;
                a3 = DoubleVector.broadcast(SPECIES, s3);
                b3 = a3;
            }
            for (int c = first; c < inner; c++) {
                int xc = xOff + c * m + k;
                DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xc);
                DoubleVector xb = DoubleVector.fromArray(SPECIES, x, xc + L);
                int e = off + c * cs;
                DoubleVector w0 = DoubleVector.broadcast(SPECIES, mat[e]);
                DoubleVector w1 = DoubleVector.broadcast(SPECIES, mat[e + rs]);
                DoubleVector w2 = DoubleVector.broadcast(SPECIES, mat[e + 2 * rs]);
                DoubleVector w3 = DoubleVector.broadcast(SPECIES, mat[e + 3 * rs]);
                a0 = a0.add(w0.mul(xa));
                b0 = b0.add(w0.mul(xb));
                a1 = a1.add(w1.mul(xa));
                b1 = b1.add(w1.mul(xb));
                a2 = a2.add(w2.mul(xa));
                b2 = b2.add(w2.mul(xb));
                a3 = a3.add(w3.mul(xa));
                b3 = b3.add(w3.mul(xb));
            }
            a0.intoArray(out, outOff + k);
            b0.intoArray(out, outOff + k + L);
            a1.intoArray(out, outOff + m + k);
            b1.intoArray(out, outOff + m + k + L);
            a2.intoArray(out, outOff + 2 * m + k);
            b2.intoArray(out, outOff + 2 * m + k + L);
            a3.intoArray(out, outOff + 3 * m + k);
            b3.intoArray(out, outOff + 3 * m + k + L);
        }
        for (; k + L <= k1; k += L) {
            DoubleVector a0;
            DoubleVector a1;
            DoubleVector a2;
            DoubleVector a3;
            if (bias == null) {
                DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xOff + k);
                a0 = xa.mul(mat[off]);
                a1 = xa.mul(mat[off + rs]);
                a2 = xa.mul(mat[off + 2 * rs]);
                a3 = xa.mul(mat[off + 3 * rs]);
            } else {
                a0 = DoubleVector.broadcast(SPECIES, s0);
                a1 = DoubleVector.broadcast(SPECIES, s1);
                a2 = DoubleVector.broadcast(SPECIES, s2);
                a3 = DoubleVector.broadcast(SPECIES, s3);
            }
            for (int c = first; c < inner; c++) {
                DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xOff + c * m + k);
                int e = off + c * cs;
                a0 = a0.add(xa.mul(mat[e]));
                a1 = a1.add(xa.mul(mat[e + rs]));
                a2 = a2.add(xa.mul(mat[e + 2 * rs]));
                a3 = a3.add(xa.mul(mat[e + 3 * rs]));
            }
            a0.intoArray(out, outOff + k);
            a1.intoArray(out, outOff + m + k);
            a2.intoArray(out, outOff + 2 * m + k);
            a3.intoArray(out, outOff + 3 * m + k);
        }
        for (; k < k1; k++) {
            for (int r = 0; r < 4; r++) {
                double acc = bias == null ? mat[off + r * rs] * x[xOff + k] : bias[biasOff + r];
                for (int c = first; c < inner; c++) {
                    acc += mat[off + r * rs + c * cs] * x[xOff + c * m + k];
                }
                out[outOff + r * m + k] = acc;
            }
        }
    }

    /** Two rows at once, each element computed exactly as by {@link #oneRow}; x is loaded once for both. */
    private static void twoRows(double[] mat, int off, int rs, int cs, int inner, double[] bias, int biasOff,
                                double[] x, int xOff, int m, int k0, int k1, double[] out, int outOff) {
        int first = bias == null ? 1 : 0;
        int k = k0;
        for (; k + 2 * L <= k1; k += 2 * L) {
            DoubleVector a0;
            DoubleVector b0;
            DoubleVector a1;
            DoubleVector b1;
            if (bias == null) {
                DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xOff + k);
                DoubleVector xb = DoubleVector.fromArray(SPECIES, x, xOff + k + L);
                a0 = xa.mul(mat[off]);
                b0 = xb.mul(mat[off]);
                a1 = xa.mul(mat[off + rs]);
                b1 = xb.mul(mat[off + rs]);
            } else {
                a0 = DoubleVector.broadcast(SPECIES, bias[biasOff]);
                b0 = a0;
                a1 = DoubleVector.broadcast(SPECIES, bias[biasOff + 1]);
                b1 = a1;
            }
            for (int c = first; c < inner; c++) {
                int xc = xOff + c * m + k;
                DoubleVector xa = DoubleVector.fromArray(SPECIES, x, xc);
                DoubleVector xb = DoubleVector.fromArray(SPECIES, x, xc + L);
                double w0 = mat[off + c * cs];
                double w1 = mat[off + rs + c * cs];
                a0 = a0.add(xa.mul(w0));
                b0 = b0.add(xb.mul(w0));
                a1 = a1.add(xa.mul(w1));
                b1 = b1.add(xb.mul(w1));
            }
            a0.intoArray(out, outOff + k);
            b0.intoArray(out, outOff + k + L);
            a1.intoArray(out, outOff + m + k);
            b1.intoArray(out, outOff + m + k + L);
        }
        for (; k < k1; k++) {
            for (int row = 0; row < 2; row++) {
                int ro = off + row * rs;
                double acc = bias == null ? mat[ro] * x[xOff + k] : bias[biasOff + row];
                for (int c = first; c < inner; c++) {
                    acc += mat[ro + c * cs] * x[xOff + c * m + k];
                }
                out[outOff + row * m + k] = acc;
            }
        }
    }

    private static void oneRow(double[] mat, int off, int cs, int inner, double[] bias, int biasOff,
                               double[] x, int xOff, int m, int k0, int k1, double[] out, int outOff) {
        int first = bias == null ? 1 : 0;
        int k = k0;
        for (; k + 2 * L <= k1; k += 2 * L) {
            DoubleVector a0;
            DoubleVector b0;
            if (bias == null) {
                a0 = DoubleVector.fromArray(SPECIES, x, xOff + k).mul(mat[off]);
                b0 = DoubleVector.fromArray(SPECIES, x, xOff + k + L).mul(mat[off]);
            } else {
                a0 = DoubleVector.broadcast(SPECIES, bias[biasOff]);
                b0 = a0;
            }
            for (int c = first; c < inner; c++) {
                int xc = xOff + c * m + k;
                double w0 = mat[off + c * cs];
                a0 = a0.add(DoubleVector.fromArray(SPECIES, x, xc).mul(w0));
                b0 = b0.add(DoubleVector.fromArray(SPECIES, x, xc + L).mul(w0));
            }
            a0.intoArray(out, outOff + k);
            b0.intoArray(out, outOff + k + L);
        }
        for (; k < k1; k++) {
            double acc = bias == null ? mat[off] * x[xOff + k] : bias[biasOff];
            for (int c = first; c < inner; c++) {
                acc += mat[off + c * cs] * x[xOff + c * m + k];
            }
            out[outOff + k] = acc;
        }
    }

    /**
     * {@code grad[off + i·cols + j] += Σ_k u[i, k] x[j, k]}: per entry, lane-wise fused multiply-adds over
     * the whole vectors of k, the lanes summed left to right, then the scalar tail.
     */
    static void accumulateOuter(double[] u, int uOff, int rows, double[] x, int xOff, int cols, int m,
                                double[] grad, int off) {
        int upper = m - m % L;
        double[] lanes = LANES.get();
        for (int j0 = 0; j0 < cols; j0 += OUTER_BLOCK) {
            outerBlock(u, uOff, rows, x, xOff, cols, j0, Math.min(cols, j0 + OUTER_BLOCK), m, upper, grad, off,
                    lanes);
        }
    }

    private static void outerBlock(double[] u, int uOff, int rows, double[] x, int xOff, int cols, int j0, int j1,
                                   int m, int upper, double[] grad, int off, double[] lanes) {
        int i = 0;
        for (; i + 2 <= rows; i += 2) {
            int u0 = uOff + i * m;
            int u1 = u0 + m;
            int j = j0;
            for (; j + 4 <= j1; j += 4) {
                int x0 = xOff + j * m;
                DoubleVector c00 = DoubleVector.zero(SPECIES);
                DoubleVector c01 = c00;
                DoubleVector c02 = c00;
                DoubleVector c03 = c00;
                DoubleVector c10 = c00;
                DoubleVector c11 = c00;
                DoubleVector c12 = c00;
                DoubleVector c13 = c00;
                for (int k = 0; k < upper; k += L) {
                    DoubleVector ua = DoubleVector.fromArray(SPECIES, u, u0 + k);
                    DoubleVector ub = DoubleVector.fromArray(SPECIES, u, u1 + k);
                    DoubleVector v0 = DoubleVector.fromArray(SPECIES, x, x0 + k);
                    DoubleVector v1 = DoubleVector.fromArray(SPECIES, x, x0 + m + k);
                    DoubleVector v2 = DoubleVector.fromArray(SPECIES, x, x0 + 2 * m + k);
                    DoubleVector v3 = DoubleVector.fromArray(SPECIES, x, x0 + 3 * m + k);
                    c00 = c00.add(ua.mul(v0));
                    c01 = c01.add(ua.mul(v1));
                    c02 = c02.add(ua.mul(v2));
                    c03 = c03.add(ua.mul(v3));
                    c10 = c10.add(ub.mul(v0));
                    c11 = c11.add(ub.mul(v1));
                    c12 = c12.add(ub.mul(v2));
                    c13 = c13.add(ub.mul(v3));
                }
                c00.intoArray(lanes, 0);
                c01.intoArray(lanes, L);
                c02.intoArray(lanes, 2 * L);
                c03.intoArray(lanes, 3 * L);
                c10.intoArray(lanes, 4 * L);
                c11.intoArray(lanes, 5 * L);
                c12.intoArray(lanes, 6 * L);
                c13.intoArray(lanes, 7 * L);
                int g0 = off + i * cols + j;
                int g1 = g0 + cols;
                grad[g0] += finish(lanes, 0, u, u0, x, x0, upper, m);
                grad[g0 + 1] += finish(lanes, L, u, u0, x, x0 + m, upper, m);
                grad[g0 + 2] += finish(lanes, 2 * L, u, u0, x, x0 + 2 * m, upper, m);
                grad[g0 + 3] += finish(lanes, 3 * L, u, u0, x, x0 + 3 * m, upper, m);
                grad[g1] += finish(lanes, 4 * L, u, u1, x, x0, upper, m);
                grad[g1 + 1] += finish(lanes, 5 * L, u, u1, x, x0 + m, upper, m);
                grad[g1 + 2] += finish(lanes, 6 * L, u, u1, x, x0 + 2 * m, upper, m);
                grad[g1 + 3] += finish(lanes, 7 * L, u, u1, x, x0 + 3 * m, upper, m);
            }
            for (; j + 2 <= j1; j += 2) {
                // 2 × 2 block: four independent accumulators, each summed exactly as by single()
                int x0 = xOff + j * m;
                int x1 = x0 + m;
                DoubleVector c00 = DoubleVector.zero(SPECIES);
                DoubleVector c01 = c00;
                DoubleVector c10 = c00;
                DoubleVector c11 = c00;
                for (int k = 0; k < upper; k += L) {
                    DoubleVector ua = DoubleVector.fromArray(SPECIES, u, u0 + k);
                    DoubleVector ub = DoubleVector.fromArray(SPECIES, u, u1 + k);
                    DoubleVector v0 = DoubleVector.fromArray(SPECIES, x, x0 + k);
                    DoubleVector v1 = DoubleVector.fromArray(SPECIES, x, x1 + k);
                    c00 = c00.add(ua.mul(v0));
                    c01 = c01.add(ua.mul(v1));
                    c10 = c10.add(ub.mul(v0));
                    c11 = c11.add(ub.mul(v1));
                }
                c00.intoArray(lanes, 0);
                c01.intoArray(lanes, L);
                c10.intoArray(lanes, 2 * L);
                c11.intoArray(lanes, 3 * L);
                int g0 = off + i * cols + j;
                int g1 = g0 + cols;
                grad[g0] += finish(lanes, 0, u, u0, x, x0, upper, m);
                grad[g0 + 1] += finish(lanes, L, u, u0, x, x1, upper, m);
                grad[g1] += finish(lanes, 2 * L, u, u1, x, x0, upper, m);
                grad[g1 + 1] += finish(lanes, 3 * L, u, u1, x, x1, upper, m);
            }
            for (; j < j1; j++) {
                grad[off + i * cols + j] += single(u, u0, x, xOff + j * m, upper, m, lanes);
                grad[off + (i + 1) * cols + j] += single(u, u1, x, xOff + j * m, upper, m, lanes);
            }
        }
        for (; i < rows; i++) {
            for (int j = j0; j < j1; j++) {
                grad[off + i * cols + j] += single(u, uOff + i * m, x, xOff + j * m, upper, m, lanes);
            }
        }
    }

    /** {@code Σ_k x[xOff + k] y[yOff + k]} for k &lt; n: lane-wise partial sums, lanes left to right, then the tail. */
    static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        int upper = n - n % L;
        DoubleVector a = DoubleVector.zero(SPECIES);
        DoubleVector b = a;
        int k = 0;
        for (; k + 2 * L <= upper; k += 2 * L) {
            a = a.add(DoubleVector.fromArray(SPECIES, x, xOff + k).mul(DoubleVector.fromArray(SPECIES, y, yOff + k)));
            b = b.add(DoubleVector.fromArray(SPECIES, x, xOff + k + L)
                    .mul(DoubleVector.fromArray(SPECIES, y, yOff + k + L)));
        }
        if (k < upper) {
            a = a.add(DoubleVector.fromArray(SPECIES, x, xOff + k).mul(DoubleVector.fromArray(SPECIES, y, yOff + k)));
        }
        double[] lanes = LANES.get();
        a.add(b).intoArray(lanes, 0);
        return finish(lanes, 0, x, xOff, y, yOff, upper, n);
    }

    /** {@code Σ_k x[xOff + k]} for k &lt; n, in the same fixed order as {@link #dot}. */
    static double sum(double[] x, int xOff, int n) {
        int upper = n - n % L;
        DoubleVector a = DoubleVector.zero(SPECIES);
        DoubleVector b = a;
        int k = 0;
        for (; k + 2 * L <= upper; k += 2 * L) {
            a = a.add(DoubleVector.fromArray(SPECIES, x, xOff + k));
            b = b.add(DoubleVector.fromArray(SPECIES, x, xOff + k + L));
        }
        if (k < upper) {
            a = a.add(DoubleVector.fromArray(SPECIES, x, xOff + k));
        }
        double[] lanes = LANES.get();
        a.add(b).intoArray(lanes, 0);
        double s = lanes[0];
        for (int lane = 1; lane < L; lane++) {
            s += lanes[lane];
        }
        for (k = upper; k < n; k++) {
            s += x[xOff + k];
        }
        return s;
    }

    private static double single(double[] u, int ui, double[] x, int xj, int upper, int m, double[] lanes) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        for (int k = 0; k < upper; k += L) {
            acc = acc.add(DoubleVector.fromArray(SPECIES, u, ui + k).mul(DoubleVector.fromArray(SPECIES, x, xj + k)));
        }
        acc.intoArray(lanes, 0);
        return finish(lanes, 0, u, ui, x, xj, upper, m);
    }

    /** Lanes {@code lanes[at .. at+L)} summed left to right, then the scalar tail {@code k ≥ upper}. */
    private static double finish(double[] lanes, int at, double[] u, int ui, double[] x, int xj, int upper, int m) {
        double s = lanes[at];
        for (int lane = 1; lane < L; lane++) {
            s += lanes[at + lane];
        }
        for (int k = upper; k < m; k++) {
            s += u[ui + k] * x[xj + k];
        }
        return s;
    }

    /** Whole vectors of {@link DenseKernels#axpyInto}; returns how many leading elements were done. */
    static int axpyInto(double[] y, int yOff, double c, double[] x, int xOff, double[] out, int outOff,
                        double[] out2, int out2Off, int n) {
        int upper = n - n % L;
        for (int k = 0; k < upper; k += L) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, y, yOff + k)
                    .add(DoubleVector.fromArray(SPECIES, x, xOff + k).mul(c));
            v.intoArray(out, outOff + k);
            if (out2 != null) {
                v.intoArray(out2, out2Off + k);
            }
        }
        return upper;
    }

    /** Whole vectors of {@link DenseKernels#linearCombination}; returns how many leading elements were done. */
    static int linearCombination(double a, double[] x, int xOff, double b, double[] y, int yOff,
                                 double[] out, int outOff, int n) {
        int upper = n - n % L;
        for (int k = 0; k < upper; k += L) {
            DoubleVector.fromArray(SPECIES, x, xOff + k).mul(a)
                    .add(DoubleVector.fromArray(SPECIES, y, yOff + k).mul(b)).intoArray(out, outOff + k);
        }
        return upper;
    }

    /** Whole vectors of {@link DenseKernels#accumulateFour}; returns how many leading elements were done. */
    static int accumulateFour(double[] y, double[] x, double c1, int o1, double c2, int o2, double c3, int o3,
                              double c4, int o4, int n) {
        int upper = n - n % L;
        for (int k = 0; k < upper; k += L) {
            DoubleVector.fromArray(SPECIES, y, k)
                    .add(DoubleVector.fromArray(SPECIES, x, o1 + k).mul(c1))
                    .add(DoubleVector.fromArray(SPECIES, x, o2 + k).mul(c2))
                    .add(DoubleVector.fromArray(SPECIES, x, o3 + k).mul(c3))
                    .add(DoubleVector.fromArray(SPECIES, x, o4 + k).mul(c4))
                    .intoArray(y, k);
        }
        return upper;
    }
}
