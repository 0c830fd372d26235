package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link DenseKernels#accumulateOuter} (scalar variant: {@link OuterProduct}): every entry is a
 * batch sum in the 8-lane order of {@link Reduction}, its lanes held in two 4-lane vectors (lanes 0–3, 4–7) of
 * separate multiplies and adds; a 2 × 2 block of entries shares its loads. Same bits as the plain variant.
 */
final class OuterProductSimd {

    private static final VectorSpecies<Double> SPECIES = ReductionSimd.SPECIES;
    private static final int W = Reduction.WIDTH;
    /** Rows of x per block: a block of 64 rows of x stays in L2 while every row of u passes over it. */
    private static final int OUTER_BLOCK = 64;

    private OuterProductSimd() {
    }

    static void accumulateOuter(double[] u, int uOff, int rows, double[] x, int xOff, int cols, int m,
                                double[] grad, int off) {
        int upper = m - m % W;
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
            for (; j + 2 <= j1; j += 2) {
                int x0 = xOff + j * m;
                int x1 = x0 + m;
                DoubleVector c00 = DoubleVector.zero(SPECIES);
                DoubleVector d00 = c00;
                DoubleVector c01 = c00;
                DoubleVector d01 = c00;
                DoubleVector c10 = c00;
                DoubleVector d10 = c00;
                DoubleVector c11 = c00;
                DoubleVector d11 = c00;
                for (int k = 0; k < upper; k += W) {
                    DoubleVector ua = DoubleVector.fromArray(SPECIES, u, u0 + k);
                    DoubleVector ub = DoubleVector.fromArray(SPECIES, u, u1 + k);
                    DoubleVector v0 = DoubleVector.fromArray(SPECIES, x, x0 + k);
                    DoubleVector v1 = DoubleVector.fromArray(SPECIES, x, x1 + k);
                    c00 = c00.add(ua.mul(v0));
                    c01 = c01.add(ua.mul(v1));
                    c10 = c10.add(ub.mul(v0));
                    c11 = c11.add(ub.mul(v1));
                    DoubleVector ua4 = DoubleVector.fromArray(SPECIES, u, u0 + k + 4);
                    DoubleVector ub4 = DoubleVector.fromArray(SPECIES, u, u1 + k + 4);
                    DoubleVector v04 = DoubleVector.fromArray(SPECIES, x, x0 + k + 4);
                    DoubleVector v14 = DoubleVector.fromArray(SPECIES, x, x1 + k + 4);
                    d00 = d00.add(ua4.mul(v04));
                    d01 = d01.add(ua4.mul(v14));
                    d10 = d10.add(ub4.mul(v04));
                    d11 = d11.add(ub4.mul(v14));
                }
                c00.add(d00).intoArray(lanes, 0);
                c01.add(d01).intoArray(lanes, 4);
                c10.add(d10).intoArray(lanes, 8);
                c11.add(d11).intoArray(lanes, 12);
                int g0 = off + i * cols + j;
                int g1 = g0 + cols;
                grad[g0] += finish(lanes, 0, u, u0, x, x0, upper, m);
                grad[g0 + 1] += finish(lanes, 4, u, u0, x, x1, upper, m);
                grad[g1] += finish(lanes, 8, u, u1, x, x0, upper, m);
                grad[g1 + 1] += finish(lanes, 12, u, u1, x, x1, upper, m);
            }
            for (; j < j1; j++) {
                grad[off + i * cols + j] += ReductionSimd.dot(u, u0, x, xOff + j * m, m);
                grad[off + (i + 1) * cols + j] += ReductionSimd.dot(u, u1, x, xOff + j * m, m);
            }
        }
        for (; i < rows; i++) {
            for (int j = j0; j < j1; j++) {
                grad[off + i * cols + j] += ReductionSimd.dot(u, uOff + i * m, x, xOff + j * m, m);
            }
        }
    }

    /** {@code q = lanes[at .. at+4)} summed left to right, then the scalar tail {@code k ≥ upper}. */
    private static double finish(double[] lanes, int at, double[] u, int ui, double[] x, int xj, int upper, int m) {
        double s = ((lanes[at] + lanes[at + 1]) + lanes[at + 2]) + lanes[at + 3];
        for (int k = upper; k < m; k++) {
            s += u[ui + k] * x[xj + k];
        }
        return s;
    }
}
