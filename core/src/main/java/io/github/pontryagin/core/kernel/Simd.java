package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the SIMD kernel classes share: the preferred double species of the Java 17 {@code jdk.incubator.vector}
 * module, its lane count, a per-thread lane scratch, and the fixed-order lane sum. Only loaded when
 * {@link VectorApi#ENABLED}. Every SIMD kernel uses only lane-wise IEEE operations (add, multiply, the fused
 * multiply-adds of {@link FastTanhSimd}, divide, min, bit moves) and sums lanes in a fixed order with scalar
 * adds, never a {@code reduceLanes}: the interpreter's fallback and the compiled code then give the same bits, so
 * results do not depend on the JIT's state (the thread-count and checkpointing tests compare bits).
 */
final class Simd {

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int L = SPECIES.length();
    /**
     * Per-thread scratch that receives accumulator vectors before their lanes are summed: passing a vector to
     * a method the JIT does not inline would box it (an allocation per call), an array does not.
     */
    static final ThreadLocal<double[]> LANES = ThreadLocal.withInitial(() -> new double[8 * L]);

    private Simd() {
    }

    static int lanes() {
        return L;
    }
}
