package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of {@link DenseKernels#sparseCombination} (plain variant: {@link SparseCombination}). Register
 * blocked: four vectors of an output row stay in registers while the row's sparse entries stream through (per
 * entry one broadcast, four loads, four fused multiply-adds; no stores). Every output entry is the same chain of
 * fused multiply-adds from 0 in increasing t as in the plain loops, so both give the same bits.
 */
final class SparseCombinationSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;

    private SparseCombinationSimd() {
    }

    /** See {@link DenseKernels#sparseCombination}. */
    static void combine(int[] start, int[] index, double[] values, int r0, int r1, double[] rows, int d,
                        double[] out, int outOff) {
        for (int r = r0; r < r1; r++) {
            int o = outOff + (r - r0) * d;
            int t0 = start[r];
            int t1 = start[r + 1];
            int i = 0;
            for (; i + 4 * L <= d; i += 4 * L) {
                DoubleVector a0 = DoubleVector.zero(SPECIES);
                DoubleVector a1 = a0;
                DoubleVector a2 = a0;
                DoubleVector a3 = a0;
                for (int t = t0; t < t1; t++) {
                    DoubleVector v = DoubleVector.broadcast(SPECIES, values[t]);
                    int row = index[t] * d + i;
                    a0 = DoubleVector.fromArray(SPECIES, rows, row).fma(v, a0);
                    a1 = DoubleVector.fromArray(SPECIES, rows, row + L).fma(v, a1);
                    a2 = DoubleVector.fromArray(SPECIES, rows, row + 2 * L).fma(v, a2);
                    a3 = DoubleVector.fromArray(SPECIES, rows, row + 3 * L).fma(v, a3);
                }
                a0.intoArray(out, o + i);
                a1.intoArray(out, o + i + L);
                a2.intoArray(out, o + i + 2 * L);
                a3.intoArray(out, o + i + 3 * L);
            }
            for (; i + L <= d; i += L) {
                DoubleVector a0 = DoubleVector.zero(SPECIES);
                for (int t = t0; t < t1; t++) {
                    a0 = DoubleVector.fromArray(SPECIES, rows, index[t] * d + i)
                            .fma(DoubleVector.broadcast(SPECIES, values[t]), a0);
                }
                a0.intoArray(out, o + i);
            }
            for (; i < d; i++) {
                double a = 0;
                for (int t = t0; t < t1; t++) {
                    a = Math.fma(rows[index[t] * d + i], values[t], a);
                }
                out[o + i] = a;
            }
        }
    }
}
