package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of the whole vectors of {@link DenseKernels#combineStages} and its building blocks (scalar variant
 * and tails: {@link StageCombination}); separate multiplies and adds in the scalar order, so the same bits.
 */
final class StageCombinationSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;

    private StageCombinationSimd() {
    }

    /** Whole vectors of {@link StageCombination#axpyInto}; returns how many leading elements were done. */
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

    /** Whole vectors of {@link StageCombination#linearCombination}; returns how many leading elements were done. */
    static int linearCombination(double a, double[] x, int xOff, double b, double[] y, int yOff,
                                 double[] out, int outOff, int n) {
        int upper = n - n % L;
        for (int k = 0; k < upper; k += L) {
            DoubleVector.fromArray(SPECIES, x, xOff + k).mul(a)
                    .add(DoubleVector.fromArray(SPECIES, y, yOff + k).mul(b)).intoArray(out, outOff + k);
        }
        return upper;
    }

    /** Whole vectors of {@link StageCombination#accumulateFour}; returns how many leading elements were done. */
    static int accumulateFour(double[] base, int baseOff, double[] x, double c1, int o1, double c2, int o2,
                              double c3, int o3, double c4, int o4, double[] out, int outOff, int n) {
        int upper = n - n % L;
        for (int k = 0; k < upper; k += L) {
            DoubleVector.fromArray(SPECIES, base, baseOff + k)
                    .add(DoubleVector.fromArray(SPECIES, x, o1 + k).mul(c1))
                    .add(DoubleVector.fromArray(SPECIES, x, o2 + k).mul(c2))
                    .add(DoubleVector.fromArray(SPECIES, x, o3 + k).mul(c3))
                    .add(DoubleVector.fromArray(SPECIES, x, o4 + k).mul(c4))
                    .intoArray(out, outOff + k);
        }
        return upper;
    }
}
