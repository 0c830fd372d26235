package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link DenseKernels#dot} and {@link DenseKernels#accumulateRowSums} (scalar variant:
 * {@link Reduction}, which states the summation order): the 8 virtual lanes in two 4-lane vectors, lanes 0–3 and
 * 4–7, added lane-wise ({@code q = lo + hi}), then {@code q} left to right, then the tail; or, when the other kernels
 * run 8 lanes, in one 8-lane vector combined in the same order. Same bits as {@link Reduction}.
 */
final class ReductionSimd {

    /** Four lanes, whatever the preferred species: the order of the sums must not depend on the hardware. */
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_256;
    /**
     * When the dense kernels run 8 lanes, the 8 virtual lanes are one vector of that species (lane i + 4 is
     * the {@code hi} lane i): the same sums, and one species fewer in the process.
     */
    private static final boolean WIDE = Simd.L == Reduction.WIDTH;
    private static final VectorSpecies<Double> WIDE_SPECIES = Simd.SPECIES;

    private ReductionSimd() {
    }

    /** See {@link DenseKernels#allFinite}: four vectors of {@code v·0} sums, one NaN test at the end. */
    static boolean allFinite(double[] x, int off, int n) {
        int l = Simd.L;
        DoubleVector a0 = DoubleVector.zero(WIDE_SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int i = 0;
        for (; i + 4 * l <= n; i += 4 * l) {
            a0 = a0.add(DoubleVector.fromArray(WIDE_SPECIES, x, off + i).mul(0.0));
            a1 = a1.add(DoubleVector.fromArray(WIDE_SPECIES, x, off + i + l).mul(0.0));
            a2 = a2.add(DoubleVector.fromArray(WIDE_SPECIES, x, off + i + 2 * l).mul(0.0));
            a3 = a3.add(DoubleVector.fromArray(WIDE_SPECIES, x, off + i + 3 * l).mul(0.0));
        }
        double[] lanes = Simd.LANES.get();
        a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
        double s = 0.0;
        for (int k = 0; k < l; k++) {
            s += lanes[k];
        }
        for (; i < n; i++) {
            s += x[off + i] * 0.0;
        }
        return !Double.isNaN(s);
    }

    /** {@code Σ_k x[xOff + k] y[yOff + k]} for k &lt; n in the order of {@link Reduction}. */
    static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        if (WIDE) {
            return dotWide(x, xOff, y, yOff, n);
        }
        int upper = n - n % Reduction.WIDTH;
        DoubleVector lo = DoubleVector.zero(SPECIES);
        DoubleVector hi = lo;
        for (int k = 0; k < upper; k += Reduction.WIDTH) {
            lo = lo.add(DoubleVector.fromArray(SPECIES, x, xOff + k).mul(DoubleVector.fromArray(SPECIES, y, yOff + k)));
            hi = hi.add(DoubleVector.fromArray(SPECIES, x, xOff + k + 4)
                    .mul(DoubleVector.fromArray(SPECIES, y, yOff + k + 4)));
        }
        double[] lanes = Simd.LANES.get();
        lo.add(hi).intoArray(lanes, 0);
        double s = ((lanes[0] + lanes[1]) + lanes[2]) + lanes[3];
        for (int k = upper; k < n; k++) {
            s += x[xOff + k] * y[yOff + k];
        }
        return s;
    }

    /** {@code Σ_k x[xOff + k]} for k &lt; n in the order of {@link Reduction}. */
    static double sum(double[] x, int xOff, int n) {
        if (WIDE) {
            return sumWide(x, xOff, n);
        }
        int upper = n - n % Reduction.WIDTH;
        DoubleVector lo = DoubleVector.zero(SPECIES);
        DoubleVector hi = lo;
        for (int k = 0; k < upper; k += Reduction.WIDTH) {
            lo = lo.add(DoubleVector.fromArray(SPECIES, x, xOff + k));
            hi = hi.add(DoubleVector.fromArray(SPECIES, x, xOff + k + 4));
        }
        double[] lanes = Simd.LANES.get();
        lo.add(hi).intoArray(lanes, 0);
        double s = ((lanes[0] + lanes[1]) + lanes[2]) + lanes[3];
        for (int k = upper; k < n; k++) {
            s += x[xOff + k];
        }
        return s;
    }

    private static double dotWide(double[] x, int xOff, double[] y, int yOff, int n) {
        int upper = n - n % Reduction.WIDTH;
        DoubleVector acc = DoubleVector.zero(WIDE_SPECIES);
        for (int k = 0; k < upper; k += Reduction.WIDTH) {
            acc = acc.add(DoubleVector.fromArray(WIDE_SPECIES, x, xOff + k)
                    .mul(DoubleVector.fromArray(WIDE_SPECIES, y, yOff + k)));
        }
        double s = foldEightLanes(acc);
        for (int k = upper; k < n; k++) {
            s += x[xOff + k] * y[yOff + k];
        }
        return s;
    }

    private static double sumWide(double[] x, int xOff, int n) {
        int upper = n - n % Reduction.WIDTH;
        DoubleVector acc = DoubleVector.zero(WIDE_SPECIES);
        for (int k = 0; k < upper; k += Reduction.WIDTH) {
            acc = acc.add(DoubleVector.fromArray(WIDE_SPECIES, x, xOff + k));
        }
        double s = foldEightLanes(acc);
        for (int k = upper; k < n; k++) {
            s += x[xOff + k];
        }
        return s;
    }

    /** The 8 lanes combined in the order of {@link Reduction#combine}. */
    private static double foldEightLanes(DoubleVector acc) {
        double[] lanes = Simd.LANES.get();
        acc.intoArray(lanes, 0);
        return Reduction.combine(lanes[0], lanes[1], lanes[2], lanes[3], lanes[4], lanes[5], lanes[6], lanes[7]);
    }

    /** {@code grad[off + i] += Σ_k u[uOff + i·m + k]}, each row summed as by {@link #sum}. */
    static void accumulateRowSums(double[] u, int uOff, int rows, int m, double[] grad, int off) {
        for (int i = 0; i < rows; i++) {
            grad[off + i] += sum(u, uOff + i * m, m);
        }
    }
}
