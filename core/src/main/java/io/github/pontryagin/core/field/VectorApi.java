package io.github.pontryagin.core.field;

/**
 * Whether the SIMD kernels ({@link VectorKernels}, built on the incubating {@code jdk.incubator.vector}
 * module of Java 17) are used. They are when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and the system property {@code pontryagin.vector} is not
 * {@code false}; otherwise plain-Java loops run. {@link FastTanh} gives the same bits either way; the dense
 * products differ only by round-off (fused multiply-adds against separate multiply and add).
 */
public final class VectorApi {

    /** True when {@link VectorKernels} is in use. */
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
            return VectorKernels.lanes() >= 2;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** A one-line description for benchmark reports, e.g. {@code Vector API, 4 double lanes}. */
    public static String describe() {
        return ENABLED ? "Vector API, " + VectorKernels.lanes() + " double lanes"
                : "plain Java (start with --add-modules jdk.incubator.vector for SIMD kernels)";
    }
}
