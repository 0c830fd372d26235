package io.github.pontryagin.odenets;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFieldSpec;

/**
 * What an ODE-net is, independent of how it is evaluated: everything a model file records besides the
 * parameter values (docs/theory.md §1). Immutable; built and validated by {@link OdeNetBuilder}.
 *
 * @param inputDimension d0
 * @param width          state dimension d (≥ d0 unless the lift is learnable)
 * @param layers         N
 * @param update         how one layer maps y_n to y_{n+1} (an explicit Runge–Kutta step, or the plain step
 *                       of the Net baseline)
 * @param fieldSpec      the built-in field family and its settings, or null for a user-supplied field
 * @param customField    the user-supplied field, or null when {@code fieldSpec} is given
 * @param stepSizes      step-size policy
 * @param horizon        final time T
 * @param head           head id
 * @param classes        number of classes
 * @param learnableLift  whether the input lift d0 → d is a learnable matrix (else zero padding)
 * @param initialization random initialisation
 * @param seed           seed of the initialisation
 * @param tikhonov       Tikhonov weight λ
 * @param smoothness     smoothness weight κ
 */
public record NetArchitecture(int inputDimension, int width, int layers, LayerUpdate update,
                              VectorFieldSpec fieldSpec, VectorField customField, StepSizePolicy stepSizes,
                              double horizon, String head, int classes, boolean learnableLift,
                              Initialization initialization, long seed, double tikhonov, double smoothness) {

    /** The vector field of every layer: a new instance of the spec's family, or the user's field. */
    public VectorField createField() {
        return fieldSpec != null ? fieldSpec.create(width) : customField;
    }

    /** True for a user-supplied field (which a model file cannot record). */
    public boolean hasCustomField() {
        return fieldSpec == null;
    }
}
