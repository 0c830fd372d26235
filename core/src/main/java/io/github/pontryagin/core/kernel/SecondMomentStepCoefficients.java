package io.github.pontryagin.core.kernel;

/**
 * The scalars of one step of {@link DenseKernels#secondMomentStep}: conformal symplectic Euler with Adam's or
 * RMSprop's diagonal mass, an optional decoupled weight decay and an optional learning-rate schedule factor.
 *
 * @param contraction {@code e^{−γh}}
 * @param h           kick and drift step
 * @param beta2       second-moment decay β₂
 * @param correction2 the second moment's bias correction {@code 1 − β₂ᵗ} (1 for none)
 * @param factor      the mass scale {@code s(1 − β₁ᵗ)}
 * @param epsilon     ε of the mass
 * @param decay       decoupled weight decay per step
 * @param schedule    the schedule's factor {@code s_k} of the step
 * @param scheduled   whether the step is scaled by {@code schedule} (false: the unscaled step, not a scaling by 1)
 */
public record SecondMomentStepCoefficients(double contraction, double h, double beta2, double correction2,
                                           double factor, double epsilon, double decay, double schedule,
                                           boolean scheduled) {
}
