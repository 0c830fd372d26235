package io.github.pontryagin.core.field;

import java.util.List;
import java.util.Locale;

/** Construction of vector fields by family name, and shared argument checks. */
public final class VectorFields {

    private VectorFields() {
    }

    /** Family names accepted by {@link #create(String, int, Activation)}. */
    public static List<String> families() {
        return List.of(SigmaAffine.FAMILY);
    }

    /**
     * Builds a field of the given family on {@code R^dimension}, with the family's default extra
     * settings (hidden width = dimension, γ = 0).
     *
     * @throws IllegalArgumentException naming the accepted families if {@code family} is unknown
     */
    public static VectorField create(String family, int dimension, Activation activation) {
        String key = family == null ? "" : family.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case SigmaAffine.FAMILY:
                return new SigmaAffine(dimension, activation);
            default:
                throw new IllegalArgumentException("unknown vector-field family '" + family + "'; expected one of "
                        + families());
        }
    }

    static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, got " + value);
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
