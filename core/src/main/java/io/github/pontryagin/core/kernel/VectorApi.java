package io.github.pontryagin.core.kernel;

/**
 * Whether the SIMD variants of the kernels ({@code *Simd} classes of this package, built on the incubating
 * {@code jdk.incubator.vector} module of Java 17) are used. They are when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and the system property {@code pontryagin.vector} is not
 * {@code false}; otherwise the plain-Java variants run. {@link FastTanh}, the matrix products and the stage
 * combinations give the same bits either way (separate multiplies and adds in the plain loops' order); only the
 * batch sums ({@code accumulateOuter}, {@code dot}, {@code accumulateRowSums}) add in lane-wise partial sums and
 * so differ from the sequential plain loops by round-off.
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
            return Simd.lanes() >= 2;
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
