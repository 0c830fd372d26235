package io.github.pontryagin.core.kernel;

/**
 * Whether the SIMD variants of the kernels ({@code *Simd} classes of this package, built on the incubating
 * {@code jdk.incubator.vector} module of Java 17) are used. They are when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and the system property {@code pontryagin.vector} is not
 * {@code false}, on hardware with at least 256-bit vectors; otherwise the plain-Java variants run. Every kernel
 * gives the same bits either way: the matrix products use fused multiply-adds in increasing inner index in both
 * variants, {@link FastTanh} and the stage combinations use the same operations in the plain loops' order, and
 * the batch sums ({@code dot}, {@code accumulateRowSums}, {@code accumulateOuter}) add in the fixed 8-lane order of
 * {@link Reduction}, or for {@code accumulateOuter} with 8 or more columns in one fused multiply-add chain over the
 * batch, in both variants. Whole training runs are therefore bit-identical with and without the Vector API.
 */
public final class VectorApi {

    /**
     * System property that fixes the vector width of every SIMD kernel: {@code 256} or {@code 512} bits
     * (default: 512 on AVX-512 hardware, else 256; see {@code Simd.SPECIES}).
     */
    public static final String BITS_PROPERTY = "pontryagin.vector.bits";

    /** True when the SIMD variants are in use. */
    public static final boolean ENABLED = detect();

    private VectorApi() {
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("pontryagin.vector", "true"))) {
            return false;
        }
        Properties.checkProperties();
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return Simd.lanes() >= 4; // the batch sums use 4-lane vectors (see Reduction)
        } catch (LinkageError e) {
            return false;
        }
    }

    /** A one-line description for benchmark reports, e.g. {@code Vector API, 4 double lanes}. */
    public static String describe() {
        return ENABLED ? "Vector API, " + Simd.lanes() + " double lanes"
                : "plain Java (start with --add-modules jdk.incubator.vector for SIMD kernels)";
    }

    /** The checks of the system properties that configure the kernels. */
    public static final class Properties {

        private Properties() {
        }

        /**
         * Checks the value of {@value VectorApi#BITS_PROPERTY} (unset, 256 or 512). A command line calls this
         * first (it does not initialise {@link VectorApi}), so that a bad value is a one-line usage error rather
         * than the failed initialisation of that class.
         *
         * @throws IllegalArgumentException naming the property, its value and what is allowed
         */
        public static void checkProperties() {
            String bits = System.getProperty(BITS_PROPERTY);
            if (bits != null && !bits.equals("256") && !bits.equals("512")) {
                throw new IllegalArgumentException("-D" + BITS_PROPERTY + "=" + bits
                        + ": expected 256 or 512 (bits of the SIMD kernels' vectors)");
            }
        }
    }
}
