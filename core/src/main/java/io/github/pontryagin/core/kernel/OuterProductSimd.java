package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link DenseKernels#accumulateOuter} (scalar variant: {@link OuterProduct}): per entry,
 * lane-wise partial sums of separate multiplies and adds over the whole vectors of the batch, the lanes summed
 * left to right, then the scalar tail. The summation order differs from the plain loop, so the two agree to
 * round-off, not to the bit (deterministic either way).
 */
final class OuterProductSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;
    /** Rows of x per block: a block of 64 rows of x stays in L2 while every row of u passes over it. */
    private static final int OUTER_BLOCK = 64;

    private OuterProductSimd() {
    }

    static void accumulateOuter(double[] u, int uOff, int rows, double[] x, int xOff, int cols, int m,
                                double[] grad, int off) {
        int upper = m - m % L;
        double[] lanes = Simd.LANES.get();
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
                grad[g0] += Simd.finish(lanes, 0, u, u0, x, x0, upper, m);
                grad[g0 + 1] += Simd.finish(lanes, L, u, u0, x, x0 + m, upper, m);
                grad[g0 + 2] += Simd.finish(lanes, 2 * L, u, u0, x, x0 + 2 * m, upper, m);
                grad[g0 + 3] += Simd.finish(lanes, 3 * L, u, u0, x, x0 + 3 * m, upper, m);
                grad[g1] += Simd.finish(lanes, 4 * L, u, u1, x, x0, upper, m);
                grad[g1 + 1] += Simd.finish(lanes, 5 * L, u, u1, x, x0 + m, upper, m);
                grad[g1 + 2] += Simd.finish(lanes, 6 * L, u, u1, x, x0 + 2 * m, upper, m);
                grad[g1 + 3] += Simd.finish(lanes, 7 * L, u, u1, x, x0 + 3 * m, upper, m);
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
                grad[g0] += Simd.finish(lanes, 0, u, u0, x, x0, upper, m);
                grad[g0 + 1] += Simd.finish(lanes, L, u, u0, x, x1, upper, m);
                grad[g1] += Simd.finish(lanes, 2 * L, u, u1, x, x0, upper, m);
                grad[g1 + 1] += Simd.finish(lanes, 3 * L, u, u1, x, x1, upper, m);
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

    private static double single(double[] u, int ui, double[] x, int xj, int upper, int m, double[] lanes) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        for (int k = 0; k < upper; k += L) {
            acc = acc.add(DoubleVector.fromArray(SPECIES, u, ui + k).mul(DoubleVector.fromArray(SPECIES, x, xj + k)));
        }
        acc.intoArray(lanes, 0);
        return Simd.finish(lanes, 0, u, ui, x, xj, upper, m);
    }
}
