package io.github.pontryagin.core.optim;

/**
 * An optimizer that needs the same objective at every step: it carries information about J from one step to the
 * next (curvature pairs of L-BFGS, conjugate directions, the damping of Levenberg–Marquardt fitted to the gain
 * of the previous step) or linearizes J around the current point. With a mini-batch objective that changes every
 * step that information is wrong, so trainers run these methods on the full batch only and refuse mini-batches.
 */
public interface FullBatchOptimizer extends Optimizer {
}
