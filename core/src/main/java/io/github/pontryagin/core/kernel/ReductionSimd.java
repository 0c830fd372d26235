package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link DenseKernels#dot} and {@link DenseKernels#accumulateRowSums} (scalar variant:
 * {@link Reduction}): lane-wise partial sums, the lanes added left to right, then the tail.
 */
final class ReductionSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;

    private ReductionSimd() {
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
        double[] lanes = Simd.LANES.get();
        a.add(b).intoArray(lanes, 0);
        return Simd.finish(lanes, 0, x, xOff, y, yOff, upper, n);
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
        double[] lanes = Simd.LANES.get();
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

    /** {@code grad[off + i] += Σ_k u[uOff + i·m + k]}, each row summed as by {@link #sum}. */
    static void accumulateRowSums(double[] u, int uOff, int rows, int m, double[] grad, int off) {
        for (int i = 0; i < rows; i++) {
            grad[off + i] += sum(u, uOff + i * m, m);
        }
    }
}
