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

    /**
     * 256-bit vectors (4 lanes) whenever the hardware has at least that, also on AVX-512: the sparse-lift and
     * batch-sum kernels are 4-lane by design, and a second species in the same process makes the shared
     * {@code DoubleVector} entry points polymorphic, which the Java 17 C2 then does not intrinsify (measured on
     * a Sapphire Rapids Xeon: 110 ms per MNIST step with 8-lane dense kernels beside the 4-lane ones, 11 ms
     * with one species). Narrower hardware keeps its preferred species and {@link VectorApi} turns SIMD off.
     */
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED.length() >= 4
            ? DoubleVector.SPECIES_256 : DoubleVector.SPECIES_PREFERRED;
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
