package io.github.pontryagin.core.field;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.IntUnaryOperator;

import io.github.pontryagin.core.Registry;

/**
 * One family of vector fields {@code f(y; θ)} (docs/theory.md §1): its name, a one-line formula, the
 * settings ("knobs") beyond dimension and activation that it accepts, its default hidden width, and how to
 * build a member. Each family class holds its own instance ({@code SigmaAffine.FAMILY}, ...);
 * {@link VectorFields} registers them.
 */
public final class VectorFieldFamily implements Registry.Named {

    /** The settings of a {@link VectorFieldSpec} that a family may accept besides activation. */
    public enum Knob {
        /** A hidden width different from the dimension. */
        HIDDEN_WIDTH,
        /** A damping γ different from 0. */
        GAMMA
    }

    /** Builds a member of the family from checked settings. */
    @FunctionalInterface
    public interface Constructor {
        /**
         * @param dimension   state dimension d (&gt; 0)
         * @param hiddenWidth hidden width, resolved (never −1)
         * @param gamma       damping γ (0 unless the family accepts {@link Knob#GAMMA})
         * @param activation  the activation σ
         * @return the field
         */
        VectorField create(int dimension, int hiddenWidth, double gamma, Activation activation);
    }

    private final String name;
    private final String description;
    private final Set<Knob> knobs;
    private final IntUnaryOperator defaultHiddenWidth;
    private final Constructor constructor;

    /**
     * @param name               registered name, e.g. {@code "sigma-affine"}
     * @param description        one line, the formula
     * @param knobs              the settings it accepts besides activation
     * @param defaultHiddenWidth the hidden width for a dimension when none is given
     * @param constructor        builds a member from checked settings
     */
    public VectorFieldFamily(String name, String description, Set<Knob> knobs, IntUnaryOperator defaultHiddenWidth,
                             Constructor constructor) {
        if (name == null || name.isBlank() || description == null || knobs == null || defaultHiddenWidth == null
                || constructor == null) {
            throw new IllegalArgumentException("a vector-field family needs a name, a description, its knobs, a "
                    + "default hidden width and a constructor; got name '" + name + "'");
        }
        this.name = name;
        this.description = description;
        this.knobs = knobs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(knobs));
        this.defaultHiddenWidth = defaultHiddenWidth;
        this.constructor = constructor;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    /** @return the settings accepted besides activation */
    public Set<Knob> knobs() {
        return knobs;
    }

    /** @return true if the family accepts {@code knob} */
    public boolean accepts(Knob knob) {
        return knobs.contains(knob);
    }

    /** @return the hidden width used when a spec leaves it at −1 */
    public int defaultHiddenWidth(int dimension) {
        return defaultHiddenWidth.applyAsInt(dimension);
    }

    /**
     * Builds a member on {@code R^dimension} with the settings of {@code spec}.
     *
     * @throws IllegalArgumentException if the spec names another family, or if the family does not accept a
     *                                  hidden width other than the dimension, or the dimension
     */
    public VectorField create(int dimension, VectorFieldSpec spec) {
        if (!spec.family().equalsIgnoreCase(name)) {
            throw new IllegalArgumentException("spec of family '" + spec.family() + "' given to family '" + name
                    + "'");
        }
        int width = spec.hiddenWidth() == VectorFieldSpec.DEFAULT_WIDTH ? defaultHiddenWidth(dimension)
                : spec.hiddenWidth();
        if (!accepts(Knob.HIDDEN_WIDTH) && width != dimension) {
            throw new IllegalArgumentException("width = " + width + " is not accepted by family '" + name
                    + "', which has no hidden layer: width must equal the dimension (" + dimension + ")");
        }
        return constructor.create(dimension, width, spec.gamma(), spec.activation());
    }

    @Override
    public String toString() {
        return name;
    }
}
