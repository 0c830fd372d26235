package io.github.pontryagin.adjoint;

import java.util.Arrays;
import java.util.List;

import io.github.pontryagin.core.field.VectorField;

/**
 * What the layers of the damped second-order ODE {@code ÿ + γ ẏ = f(y; θ)} share ({@link ConformalEulerUpdate},
 * {@link ConformalVerletUpdate}): the state {@code (y, ẏ)}, twice the field's dimension, {@code y} first; one
 * learnable damping {@code γ_n} per layer, stored after the field's parameters of the layer and starting from
 * {@link #INITIAL_DAMPING}; the velocity starting at rest (docs/theory.md §2.11).
 */
abstract class DampedSecondOrderUpdate extends MomentumUpdate {

    /** The damping every layer starts from (a moderately damped flow). */
    static final double INITIAL_DAMPING = 1.0;

    DampedSecondOrderUpdate(String name) {
        super(name, List.of("gamma"));
    }

    /** {@code γ = 1}. */
    @Override
    public final double initialLayerParameter(int layer, int i) {
        return INITIAL_DAMPING;
    }

    /** The velocity starts at rest, {@code ẏ(0) = 0}. */
    @Override
    public final void completeInitialState(double[] state, int positions) {
        Arrays.fill(state, positions, 2 * positions, 0.0);
    }

    /** Index of the layer's damping {@code γ_n} in the parameter vector. */
    static int dampingIndex(VectorField field, int thetaOffset) {
        return thetaOffset + field.parameterCount();
    }
}
