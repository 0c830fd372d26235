package io.github.pontryagin.core.field;

/**
 * The choice of a vector field up to its dimension (docs/theory.md §1): family, activation, hidden width and
 * damping γ. Immutable; the constructor checks every setting against the family, so an invalid spec cannot
 * exist. Start from {@link #of(String)} and change one setting at a time:
 * {@code VectorFieldSpec.of("gradient").withHiddenWidth(8).create(4)}.
 *
 * @param family      a name of {@link VectorFields#registry()}, stored as registered (lower case)
 * @param activation  the activation σ
 * @param hiddenWidth hidden width (&gt; 0), or {@link #DEFAULT_WIDTH} for the family's default
 * @param gamma       damping γ, finite and ≥ 0; not 0 only for families that accept it ({@code antisymmetric})
 */
public record VectorFieldSpec(String family, Activation activation, int hiddenWidth, double gamma) {

    /** The hidden width meaning "the family's default for the dimension". */
    public static final int DEFAULT_WIDTH = -1;

    /**
     * @throws IllegalArgumentException naming the setting, its value and what is accepted
     */
    public VectorFieldSpec {
        VectorFieldFamily f = VectorFields.registry().get(family);
        family = f.name();
        VectorFields.requireActivation(activation);
        if (hiddenWidth != DEFAULT_WIDTH && hiddenWidth <= 0) {
            throw new IllegalArgumentException("hidden width must be > 0 (or " + DEFAULT_WIDTH
                    + " for the family's default), got " + hiddenWidth);
        }
        VectorFields.requireGamma(gamma);
        if (gamma != 0.0 && !f.accepts(VectorFieldFamily.Knob.GAMMA)) {
            throw new IllegalArgumentException("gamma applies only to the " + VectorFields.familiesAccepting(
                    VectorFieldFamily.Knob.GAMMA) + " family; family '" + family + "' accepts only gamma = 0, got "
                    + gamma);
        }
    }

    /** The family's field with tanh, the default hidden width and γ = 0. */
    public static VectorFieldSpec of(String family) {
        return new VectorFieldSpec(family, Activation.TANH, DEFAULT_WIDTH, 0.0);
    }

    /** The same spec with another family (settings it does not accept are rejected). */
    public VectorFieldSpec withFamily(String newFamily) {
        return new VectorFieldSpec(newFamily, activation, hiddenWidth, gamma);
    }

    /** The same spec with another activation. */
    public VectorFieldSpec withActivation(Activation newActivation) {
        return new VectorFieldSpec(family, newActivation, hiddenWidth, gamma);
    }

    /** The same spec with another hidden width ({@link #DEFAULT_WIDTH} for the family's). */
    public VectorFieldSpec withHiddenWidth(int newHiddenWidth) {
        return new VectorFieldSpec(family, activation, newHiddenWidth, gamma);
    }

    /** The same spec with another damping γ. */
    public VectorFieldSpec withGamma(double newGamma) {
        return new VectorFieldSpec(family, activation, hiddenWidth, newGamma);
    }

    /** @return the family object of {@link #family()} */
    public VectorFieldFamily fieldFamily() {
        return VectorFields.registry().get(family);
    }

    /** @return the hidden width for {@code dimension}: the spec's, or the family's default */
    public int hiddenWidth(int dimension) {
        return hiddenWidth == DEFAULT_WIDTH ? fieldFamily().defaultHiddenWidth(dimension) : hiddenWidth;
    }

    /**
     * Builds the field on {@code R^dimension}.
     *
     * @throws IllegalArgumentException if the family does not accept the dimension or the hidden width
     */
    public VectorField create(int dimension) {
        return fieldFamily().create(dimension, this);
    }
}
