package io.github.pontryagin.adjoint;

/**
 * How gradients are taken, as a value the user passes (in the style of Diffrax's {@code adjoint=} argument):
 * {@link DiscreteAdjoint#reverse()}, {@link DiscreteAdjoint#sprk()}, each with {@code checkpointEvery(k)} or
 * {@code checkpointSqrt()}, or {@link ContinuousAdjoint#tolerance(double, double)}. An adjoint holds no memory;
 * {@link #newPass} sizes the memory of one forward/backward pass for a flow and a batch size.
 */
public interface Adjoint {

    /**
     * A pass that owns its tape and workspace, sized for {@code flow} and {@code batchSize} points; reuse it across
     * calls (one pass per thread).
     *
     * @throws IllegalArgumentException if this adjoint does not apply to the flow's layer update (e.g. the SPRK form
     *                                  for a tableau with a zero weight), or {@code batchSize <= 0}
     */
    GradientPass newPass(DiscreteFlow flow, int batchSize);

    /** A one-line description, e.g. {@code discrete adjoint, reverse form, checkpoint every 4 layers}. */
    String describe();
}
