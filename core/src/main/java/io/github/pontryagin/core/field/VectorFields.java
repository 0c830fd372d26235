package io.github.pontryagin.core.field;

import java.util.List;
import java.util.Locale;

/** Construction of vector fields by family name (SPEC §1), and shared argument checks. */
public final class VectorFields {

    private VectorFields() {
    }

    /** Family names accepted by {@link #create(String, int, Activation)}, in the order of SPEC §1. */
    public static List<String> families() {
        return List.of(SigmaAffine.FAMILY, NegativeGradient.FAMILY, Antisymmetric.FAMILY, TwoLayer.FAMILY,
                Hamiltonian.FAMILY);
    }

    /**
     * Builds a field of the given family on {@code R^dimension} with the family's default extra
     * settings: hidden width {@link #defaultWidth(String, int)}, γ = 0.
     *
     * @throws IllegalArgumentException naming the accepted families if {@code family} is unknown, or if
     *                                  the dimension is not accepted by the family
     */
    public static VectorField create(String family, int dimension, Activation activation) {
        String key = normalize(family);
        return create(key, dimension, activation, defaultWidth(key, dimension), 0.0);
    }

    /**
     * Builds a field with an explicit hidden width and damping γ.
     *
     * @param width hidden width: rows of K for {@code gradient}, of A₁ for {@code two-layer}, of K₁ and K₂
     *              for {@code hamiltonian}; {@code sigma-affine} and {@code antisymmetric} have no hidden
     *              layer and accept only {@code width == dimension}
     * @param gamma damping of {@code antisymmetric} (finite, ≥ 0); the other families accept only 0
     * @throws IllegalArgumentException naming the parameter, its value and what is accepted
     */
    public static VectorField create(String family, int dimension, Activation activation, int width,
                                     double gamma) {
        String key = normalize(family);
        if (!key.equals(Antisymmetric.FAMILY) && gamma != 0.0) {
            throw new IllegalArgumentException("gamma applies only to the antisymmetric family; family '" + family
                    + "' accepts only gamma = 0, got " + gamma);
        }
        switch (key) {
            case SigmaAffine.FAMILY:
                requireSquare(family, dimension, width);
                return new SigmaAffine(dimension, activation);
            case NegativeGradient.FAMILY:
                return new NegativeGradient(dimension, width, activation);
            case Antisymmetric.FAMILY:
                requireSquare(family, dimension, width);
                return new Antisymmetric(dimension, gamma, activation);
            case TwoLayer.FAMILY:
                return new TwoLayer(dimension, width, activation);
            case Hamiltonian.FAMILY:
                return new Hamiltonian(dimension, width, activation);
            default:
                throw unknownFamily(family);
        }
    }

    /**
     * The hidden width used by {@link #create(String, int, Activation)}: {@code dimension / 2} for
     * {@code hamiltonian} (the size of q and of p), {@code dimension} otherwise.
     */
    public static int defaultWidth(String family, int dimension) {
        String key = normalize(family);
        if (!families().contains(key)) {
            throw unknownFamily(family);
        }
        return key.equals(Hamiltonian.FAMILY) ? Math.max(1, dimension / 2) : dimension;
    }

    private static String normalize(String family) {
        return family == null ? "" : family.trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException unknownFamily(String family) {
        return new IllegalArgumentException("unknown vector-field family '" + family + "'; expected one of "
                + families());
    }

    private static void requireSquare(String family, int dimension, int width) {
        if (width != dimension) {
            throw new IllegalArgumentException("width = " + width + " is not accepted by family '" + family
                    + "', which has no hidden layer: width must equal the dimension (" + dimension + ")");
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
            throw new IllegalArgumentException("activation must be given (one of tanh, relu, softplus, sigmoid,"
                    + " identity)");
        }
        return activation;
    }
}
