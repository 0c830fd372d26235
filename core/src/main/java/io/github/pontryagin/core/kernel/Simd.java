package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the SIMD kernel classes share: the preferred double species of the Java 17 {@code jdk.incubator.vector}
 * module, its lane count, a per-thread lane scratch and the store of its lanes, and the fixed-order lane sum. Only
 * loaded when {@link VectorApi#ENABLED}. Every SIMD kernel uses only lane-wise IEEE operations (add, multiply, the
 * fused multiply-adds of {@link FastTanhSimd}, divide, min, bit moves) and sums lanes in a fixed order with scalar
 * adds, never a {@code reduceLanes}: the interpreter's fallback and the compiled code then give the same bits, so
 * results do not depend on the JIT's state (the thread-count and checkpointing tests compare bits).
 */
final class Simd {

    /**
     * The species of the SIMD kernels: 8 lanes (512 bits) on hardware that has them (AVX-512), else 4 lanes (256
     * bits) whenever the hardware has at least that. The batch-sum kernels are 4-lane by design
     * ({@link Reduction#WIDTH}); with 8 lanes they run wide variants of the same sums ({@code ReductionSimd}), and the
     * sparse-lift kernels ({@code GroupedSparseSimd}) run vectors of adjacent rows of this width, so that the
     * process holds only one vector species: Java 17's C2 stops intrinsifying the shared {@code DoubleVector} entry
     * points once two are in use (measured on a Sapphire Rapids Xeon: 110 ms per MNIST step with 8-lane dense
     * kernels beside 4-lane sparse ones, 11 ms with 4 lanes everywhere; 8 lanes everywhere made a two-thread
     * training step about 10 % faster again). The system property {@code pontryagin.vector.bits} (256 or 512,
     * checked by {@link VectorApi}) overrides the choice, also on hardware without such vectors, where the JDK
     * emulates them slowly. The lane count never changes the bits.
     */
    static final VectorSpecies<Double> SPECIES = chooseSpecies();
    static final int L = SPECIES.length();
    /**
     * Per-thread scratch that receives accumulator vectors before their lanes are summed: passing a vector to
     * a method the JIT does not inline would box it (an allocation per call), an array does not.
     */
    static final ThreadLocal<double[]> LANES = ThreadLocal.withInitial(() -> new double[16 * L]);

    /** Per-thread index map of a gather ({@link #rowOffsets}), so that a gather allocates nothing. */
    private static final ThreadLocal<int[]> ROWS = ThreadLocal.withInitial(() -> new int[L]);

    /** This thread's index map {@code {0, stride, …, (L − 1)·stride}} for gathering one entry of each of L rows. */
    static int[] rowOffsets(int stride) {
        int[] rows = ROWS.get();
        for (int j = 0; j < rows.length; j++) {
            rows[j] = j * stride;
        }
        return rows;
    }

    private Simd() {
    }

    /**
     * A per-thread scratch array that grows on demand and never shrinks; every use holds its own, so that two uses
     * never share one.
     */
    static final class Scratch {

        private final ThreadLocal<double[][]> holder = ThreadLocal.withInitial(() -> new double[][] {{}});

        /** This thread's array, of at least {@code n} values (its contents are whatever the last use left). */
        double[] atLeast(int n) {
            double[][] h = holder.get();
            if (h[0].length < n) {
                h[0] = new double[n];
            }
            return h[0];
        }
    }

    /**
     * Writes {@code lanes[l·width + r]} (row r of a block of accumulators, column l) to
     * {@code out[o + r·rowStride + l·colStride]} for {@code r < width}, {@code l < count}: a contiguous copy per
     * point when the rows are adjacent in {@code out} (the gradient of an input-major matrix).
     */
    static void storeLanes(double[] lanes, int width, double[] out, int o, int rowStride, int colStride,
                           int count) {
        if (rowStride == 1) {
            for (int l = 0; l < count; l++) {
                System.arraycopy(lanes, l * width, out, o + l * colStride, width);
            }
            return;
        }
        for (int r = 0; r < width; r++) {
            int a = o + r * rowStride;
            for (int l = 0; l < count; l++) {
                out[a + l * colStride] = lanes[l * width + r];
            }
        }
    }

    private static VectorSpecies<Double> chooseSpecies() {
        String bits = System.getProperty(VectorApi.BITS_PROPERTY);
        if ("512".equals(bits)) {
            return DoubleVector.SPECIES_512;
        }
        if ("256".equals(bits)) {
            return DoubleVector.SPECIES_256;
        }
        int preferred = DoubleVector.SPECIES_PREFERRED.length();
        if (preferred >= 8) {
            return DoubleVector.SPECIES_512;
        }
        return preferred >= 4 ? DoubleVector.SPECIES_256 : DoubleVector.SPECIES_PREFERRED;
    }

    static int lanes() {
        return L;
    }
}
