package io.github.pontryagin.core.field;

import java.util.List;
import java.util.stream.Collectors;

import io.github.pontryagin.core.Registry;

/**
 * The vector-field families by name (docs/theory.md §1), and shared argument checks. Adding a family is one
 * class holding its {@link VectorFieldFamily} plus one {@code .add} line here.
 */
public final class VectorFields {

    private static final Registry<VectorFieldFamily> REGISTRY = Registry.<VectorFieldFamily>builder(
                    "vector-field family")
            .add(SigmaAffine.FAMILY)
            .add(NegativeGradient.FAMILY)
            .add(Antisymmetric.FAMILY)
            .add(TwoLayer.FAMILY)
            .add(Hamiltonian.FAMILY)
            .build();

    private VectorFields() {
    }

    /** The families in the order of docs/theory.md §1. */
    public static Registry<VectorFieldFamily> registry() {
        return REGISTRY;
    }

    /** Family names accepted by {@link #create(String, int, Activation)}, in the order of docs/theory.md §1. */
    public static List<String> families() {
        return REGISTRY.names();
    }

    /**
     * Builds a field of the given family on {@code R^dimension} with the family's default extra
     * settings: hidden width {@link #defaultWidth(String, int)}, γ = 0.
     *
     * @throws IllegalArgumentException naming the accepted families if {@code family} is unknown, or if
     *                                  the dimension is not accepted by the family
     */
    public static VectorField create(String family, int dimension, Activation activation) {
        return VectorFieldSpec.of(family).withActivation(activation).create(dimension);
    }

    /**
     * Builds a field with an explicit hidden width and damping γ.
     *
     * @param width hidden width: rows of K for {@code gradient}, of A₁ for {@code two-layer}, of K₁ and K₂
     *              for {@code hamiltonian}; {@code sigma-affine} and {@code antisymmetric} have no hidden
     *              layer and accept only {@code width == dimension}; {@link VectorFieldSpec#DEFAULT_WIDTH}
     *              for the family's default
     * @param gamma damping of {@code antisymmetric} (finite, ≥ 0); the other families accept only 0
     * @throws IllegalArgumentException naming the parameter, its value and what is accepted
     */
    public static VectorField create(String family, int dimension, Activation activation, int width,
                                     double gamma) {
        return new VectorFieldSpec(family, activation, width, gamma).create(dimension);
    }

    /**
     * The hidden width used by {@link #create(String, int, Activation)}: {@code dimension / 2} for
     * {@code hamiltonian} (the size of q and of p), {@code dimension} otherwise.
     */
    public static int defaultWidth(String family, int dimension) {
        return REGISTRY.get(family).defaultHiddenWidth(dimension);
    }

    /** The names of the families that accept {@code knob}, joined by " or ". */
    static String familiesAccepting(VectorFieldFamily.Knob knob) {
        return REGISTRY.entries().stream().filter(e -> e.value().accepts(knob)).map(Registry.Entry::name)
                .collect(Collectors.joining(" or "));
    }

    /**
     * The parameters per layer of a family with hidden width {@code width} on {@code R^dimension}, given as
     * a long; refused with a message naming both when they do not fit in one array.
     */
    static void requireLayerSize(String family, int dimension, int width, long parameters) {
        if (parameters > ParameterBlock.MAX_ENTRIES) {
            throw new IllegalArgumentException(family + " with d = " + dimension + " and hidden width " + width
                    + " would have " + parameters + " parameters per layer, more than " + ParameterBlock.TOO_LARGE
                    + " ("
                    + ParameterBlock.MAX_ENTRIES + "); use a smaller width or hidden width");
        }
    }

    static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, got " + value);
        }
    }

    static void requireGamma(double gamma) {
        if (!Double.isFinite(gamma) || gamma < 0) {
            throw new IllegalArgumentException("gamma must be finite and >= 0, got " + gamma);
        }
    }

    static Activation requireActivation(Activation activation) {
        if (activation == null) {
            throw new IllegalArgumentException("activation must be given (" + Activation.registry().choices() + ")");
        }
        return activation;
    }
}
