/**
 * Dense and SIMD kernels on feature-major batches. {@link io.github.pontryagin.core.kernel.DenseKernels} is the
 * facade: each method states its formula and the argument it writes, and dispatches to a small operation-specific
 * class whose plain-Java and SIMD ({@code jdk.incubator.vector}, see
 * {@link io.github.pontryagin.core.kernel.VectorApi}) variants sit side by side. {@link
 * io.github.pontryagin.core.kernel.FastTanh} is the activation kernel shared by both.
 */
package io.github.pontryagin.core.kernel;
