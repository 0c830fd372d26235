package io.github.pontryagin.adjoint;

/**
 * Gradient of a loss {@code J(y_N)} with respect to everything a flow depends on: the layer
 * parameters {@code θ_n} (flat, layer after layer), the step sizes {@code h_n} and the initial
 * state {@code y_0} (feature-major {@code d × M}). Arrays are public for allocation-free reuse;
 * the backward pass overwrites them.
 */
public final class FlowGradient {

    /** ∂J/∂θ, length {@code N × P}, layer n's parameters at {@code n × P}. */
    public final double[] theta;
    /** ∂J/∂h_n, length N. */
    public final double[] h;
    /** ∂J/∂y_0 = p_0, length {@code d × M}. */
    public final double[] y0;

    FlowGradient(int thetaLength, int layers, int stateLength) {
        this.theta = new double[thetaLength];
        this.h = new double[layers];
        this.y0 = new double[stateLength];
    }
}
