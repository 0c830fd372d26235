package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link UnfusedProduct}: vectors of {@link Simd#L} adjacent points (the two products) or rows (the
 * outer-product sum, on a transposed copy of y), lane-wise multiply then add, so that every entry is the plain
 * loop's sequence of roundings; the points or rows left over by the vectors take the plain loops. Each register
 * block keeps several independent sums in flight (the adds of one entry form a dependent chain).
 */
final class UnfusedProductSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;
    /** Per-thread scratch: y transposed, point-major, for the outer-product sum. */
    private static final Simd.Scratch TRANSPOSED = new Simd.Scratch();

    private UnfusedProductSimd() {
    }

    /** See {@link DenseKernels#unfusedTransposeAffine}: 2 classes × 2 vectors of points per block. */
    static void transposeAffine(double[] w, int wOff, int d, int classes, double[] bias, int biasOff, double[] y,
                                int m, double[] out) {
        int full = m - m % L;
        int k = 0;
        for (; k + 2 * L <= full; k += 2 * L) {
            int c = 0;
            for (; c + 2 <= classes; c += 2) {
                DoubleVector a0 = DoubleVector.broadcast(SPECIES, bias[biasOff + c]);
                DoubleVector a1 = a0;
                DoubleVector b0 = DoubleVector.broadcast(SPECIES, bias[biasOff + c + 1]);
                DoubleVector b1 = b0;
                for (int i = 0; i < d; i++) {
                    DoubleVector y0 = DoubleVector.fromArray(SPECIES, y, i * m + k);
                    DoubleVector y1 = DoubleVector.fromArray(SPECIES, y, i * m + k + L);
                    double wa = w[wOff + i * classes + c];
                    double wb = w[wOff + i * classes + c + 1];
                    a0 = a0.add(y0.mul(wa));
                    a1 = a1.add(y1.mul(wa));
                    b0 = b0.add(y0.mul(wb));
                    b1 = b1.add(y1.mul(wb));
                }
                a0.intoArray(out, c * m + k);
                a1.intoArray(out, c * m + k + L);
                b0.intoArray(out, (c + 1) * m + k);
                b1.intoArray(out, (c + 1) * m + k + L);
            }
            for (; c < classes; c++) {
                DoubleVector a0 = DoubleVector.broadcast(SPECIES, bias[biasOff + c]);
                DoubleVector a1 = a0;
                for (int i = 0; i < d; i++) {
                    double wa = w[wOff + i * classes + c];
                    a0 = a0.add(DoubleVector.fromArray(SPECIES, y, i * m + k).mul(wa));
                    a1 = a1.add(DoubleVector.fromArray(SPECIES, y, i * m + k + L).mul(wa));
                }
                a0.intoArray(out, c * m + k);
                a1.intoArray(out, c * m + k + L);
            }
        }
        for (; k < full; k += L) {
            for (int c = 0; c < classes; c++) {
                DoubleVector a0 = DoubleVector.broadcast(SPECIES, bias[biasOff + c]);
                for (int i = 0; i < d; i++) {
                    a0 = a0.add(DoubleVector.fromArray(SPECIES, y, i * m + k).mul(w[wOff + i * classes + c]));
                }
                a0.intoArray(out, c * m + k);
            }
        }
        UnfusedProduct.transposeAffine(w, wOff, d, classes, bias, biasOff, y, m, out, full);
    }

    /** See {@link DenseKernels#unfusedScaledTimes}: 2 rows × 2 vectors of points per block. */
    static void scaledTimes(double[] w, int wOff, int d, int classes, double[] z, int m, double scale, double[] out) {
        int full = m - m % L;
        int k = 0;
        for (; k + 2 * L <= full; k += 2 * L) {
            int i = 0;
            for (; i + 2 <= d; i += 2) {
                DoubleVector a0 = DoubleVector.zero(SPECIES);
                DoubleVector a1 = a0;
                DoubleVector b0 = a0;
                DoubleVector b1 = a0;
                for (int c = 0; c < classes; c++) {
                    DoubleVector z0 = DoubleVector.fromArray(SPECIES, z, c * m + k);
                    DoubleVector z1 = DoubleVector.fromArray(SPECIES, z, c * m + k + L);
                    double wa = w[wOff + i * classes + c];
                    double wb = w[wOff + (i + 1) * classes + c];
                    a0 = a0.add(z0.mul(wa));
                    a1 = a1.add(z1.mul(wa));
                    b0 = b0.add(z0.mul(wb));
                    b1 = b1.add(z1.mul(wb));
                }
                a0.mul(scale).intoArray(out, i * m + k);
                a1.mul(scale).intoArray(out, i * m + k + L);
                b0.mul(scale).intoArray(out, (i + 1) * m + k);
                b1.mul(scale).intoArray(out, (i + 1) * m + k + L);
            }
            for (; i < d; i++) {
                DoubleVector a0 = DoubleVector.zero(SPECIES);
                DoubleVector a1 = a0;
                for (int c = 0; c < classes; c++) {
                    double wa = w[wOff + i * classes + c];
                    a0 = a0.add(DoubleVector.fromArray(SPECIES, z, c * m + k).mul(wa));
                    a1 = a1.add(DoubleVector.fromArray(SPECIES, z, c * m + k + L).mul(wa));
                }
                a0.mul(scale).intoArray(out, i * m + k);
                a1.mul(scale).intoArray(out, i * m + k + L);
            }
        }
        for (; k < full; k += L) {
            for (int i = 0; i < d; i++) {
                DoubleVector a0 = DoubleVector.zero(SPECIES);
                for (int c = 0; c < classes; c++) {
                    a0 = a0.add(DoubleVector.fromArray(SPECIES, z, c * m + k).mul(w[wOff + i * classes + c]));
                }
                a0.mul(scale).intoArray(out, i * m + k);
            }
        }
        UnfusedProduct.scaledTimes(w, wOff, d, classes, z, m, scale, out, full);
    }

    /**
     * See {@link DenseKernels#unfusedAccumulateOuter}: y copied point-major, then 2 vectors of rows × 2 classes per
     * block, the gradient's entries gathered into and scattered from the lane scratch.
     */
    static void accumulateOuter(double[] y, int d, double[] b, int classes, int m, double[] grad, int gradOff) {
        int blocked = d - d % (2 * L);
        if (blocked == 0) {
            UnfusedProduct.accumulateOuter(y, d, b, classes, m, grad, gradOff, 0);
            return;
        }
        double[] yt = TRANSPOSED.atLeast(m * d);
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < m; k++) {
                yt[k * d + i] = y[i * m + k];
            }
        }
        double[] lanes = Simd.LANES.get();
        for (int i = 0; i < blocked; i += 2 * L) {
            int c = 0;
            for (; c + 2 <= classes; c += 2) {
                for (int r = 0; r < 2 * L; r++) {
                    lanes[r] = grad[gradOff + (i + r) * classes + c];
                    lanes[2 * L + r] = grad[gradOff + (i + r) * classes + c + 1];
                }
                DoubleVector a0 = DoubleVector.fromArray(SPECIES, lanes, 0);
                DoubleVector a1 = DoubleVector.fromArray(SPECIES, lanes, L);
                DoubleVector b0 = DoubleVector.fromArray(SPECIES, lanes, 2 * L);
                DoubleVector b1 = DoubleVector.fromArray(SPECIES, lanes, 3 * L);
                for (int k = 0; k < m; k++) {
                    DoubleVector y0 = DoubleVector.fromArray(SPECIES, yt, k * d + i);
                    DoubleVector y1 = DoubleVector.fromArray(SPECIES, yt, k * d + i + L);
                    double ba = b[k * classes + c];
                    double bb = b[k * classes + c + 1];
                    a0 = a0.add(y0.mul(ba));
                    a1 = a1.add(y1.mul(ba));
                    b0 = b0.add(y0.mul(bb));
                    b1 = b1.add(y1.mul(bb));
                }
                a0.intoArray(lanes, 0);
                a1.intoArray(lanes, L);
                b0.intoArray(lanes, 2 * L);
                b1.intoArray(lanes, 3 * L);
                for (int r = 0; r < 2 * L; r++) {
                    grad[gradOff + (i + r) * classes + c] = lanes[r];
                    grad[gradOff + (i + r) * classes + c + 1] = lanes[2 * L + r];
                }
            }
            for (; c < classes; c++) {
                for (int r = 0; r < 2 * L; r++) {
                    lanes[r] = grad[gradOff + (i + r) * classes + c];
                }
                DoubleVector a0 = DoubleVector.fromArray(SPECIES, lanes, 0);
                DoubleVector a1 = DoubleVector.fromArray(SPECIES, lanes, L);
                for (int k = 0; k < m; k++) {
                    double ba = b[k * classes + c];
                    a0 = a0.add(DoubleVector.fromArray(SPECIES, yt, k * d + i).mul(ba));
                    a1 = a1.add(DoubleVector.fromArray(SPECIES, yt, k * d + i + L).mul(ba));
                }
                a0.intoArray(lanes, 0);
                a1.intoArray(lanes, L);
                for (int r = 0; r < 2 * L; r++) {
                    grad[gradOff + (i + r) * classes + c] = lanes[r];
                }
            }
        }
        UnfusedProduct.accumulateOuter(y, d, b, classes, m, grad, gradOff, blocked);
    }
}
