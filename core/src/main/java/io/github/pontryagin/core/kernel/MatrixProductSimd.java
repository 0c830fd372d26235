package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link DenseKernels#times}, {@link DenseKernels#affine} and {@link DenseKernels#transposeTimes}
 * (scalar variant: {@link MatrixProduct}). Register-blocked: a 4-row × 2-vector tile of the output stays in 8
 * registers while the inner dimension streams through, 6 loads per 8 multiply-adds instead of 2 loads and a store
 * per multiply-add in the plain loops. Products use a separate multiply and add, not a fused multiply-add, in the
 * same order as the plain loops of {@link MatrixProduct}, so both give the same bits, including how overflow turns
 * into infinities and NaN (which the trainer's NaN guard relies on). On this hardware multiplies and adds issue on
 * separate pipes, so this costs little against fused multiply-adds.
 */
final class MatrixProductSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;
    /**
     * Batch columns per panel of a product: a panel of a 256-row input (256 × 64 doubles, 128 KB) stays in L2
     * while every row block of the output passes over it. A multiple of every vector length.
     */
    private static final int PANEL = 64;

    private MatrixProductSimd() {
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
}
