package io.github.pontryagin.adjoint;

/**
 * One forward and backward pass of a {@link DiscreteFlow} for a fixed batch size, with its own memory (tape and
 * workspace), created by {@link Adjoint#newPass}. Call {@link #forward}, compute {@code p_N = ∂J/∂y_N} from the
 * returned {@code y_N}, then {@link #backward} with the same parameter and step-size arrays, unchanged. Not
 * thread-safe; the hot path allocates nothing.
 */
public interface GradientPass {

    /** The batch size M this pass was sized for. */
    int batchSize();

    /** The flow this pass runs. */
    DiscreteFlow flow();

    /** The adjoint that created this pass. */
    Adjoint adjoint();

    /**
     * Runs the layers from {@code y0} (feature-major {@code d × M}) and records what the backward pass needs.
     *
     * @return {@code y_N}, the pass's own array: read it, do not keep or modify it
     * @throws IllegalArgumentException on wrong lengths or non-finite parameters / step sizes
     */
    double[] forward(double[] theta, double[] h, double[] y0);

    /**
     * {@link #forward} for a caller that has checked every entry of {@code theta} to be finite itself (an ODE-net
     * checks its whole parameter vector once per evaluation, before its chunks' passes run): a pass may then skip
     * its own scan of the N·P parameters (lengths and step sizes are still checked). The default checks anyway.
     * Given a non-finite theta, the result is unspecified (NaN or infinite states, no exception).
     */
    default double[] forwardWithFiniteTheta(double[] theta, double[] h, double[] y0) {
        return forward(theta, h, y0);
    }

    /**
     * Overwrites {@code out} with the gradients of {@code J} with respect to {@code θ}, {@code h} and {@code y_0},
     * walking back from {@code pN = ∂J/∂y_N} (feature-major {@code d × M}). {@code theta} and {@code h} must hold
     * the values passed to the last {@link #forward} (the tape does not keep them).
     */
    default void backward(double[] theta, double[] h, double[] pN, FlowGradient out) {
        backward(theta, h, pN, out, null);
    }

    /**
     * As {@link #backward(double[], double[], double[], FlowGradient)}; when {@code costates} is not null (an array
     * of {@code N + 1} rows) it also receives the costates {@code p_0 … p_N} at the layer boundaries.
     */
    void backward(double[] theta, double[] h, double[] pN, FlowGradient out, double[][] costates);

    /** Whether {@link #state(int)} has {@code y_n} after a forward pass. */
    boolean storesState(int n);

    /**
     * A copy of the layer state {@code y_n} of the last forward pass, where this pass stores it (see
     * {@link #storesState(int)}); {@code y_N} always.
     *
     * @throws IllegalArgumentException if {@code y_n} is not stored
     */
    double[] state(int n);

    /** Doubles held between the forward and the backward pass. */
    long storedDoubles();
}
