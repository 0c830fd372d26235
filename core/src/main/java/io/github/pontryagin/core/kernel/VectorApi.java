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

    /** True when the SIMD variants are in use. */
    public static final boolean ENABLED = detect();

    private VectorApi() {
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("pontryagin.vector", "true"))) {
            return false;
        }
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
}
