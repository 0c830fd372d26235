package io.github.pontryagin.core.optim;

/** Validation of hyper-parameters; every message names the parameter, the value and the accepted range. */
final class Checks {

    private Checks() {
    }

    static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
        return value;
    }

    static double positive(String name, double value) {
        if (!(value > 0.0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
        return value;
    }

    static double nonNegative(String name, double value) {
        if (!(value >= 0.0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    /** {@code value ∈ [0, 1)}, the range of a momentum or averaging coefficient. */
    static double unitHalfOpen(String name, double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** {@code value ∈ (0, 1)}. */
    static double unitOpen(String name, double value) {
        if (!(value > 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), got " + value);
        }
        return value;
    }

    /** {@code value ∈ [0, 1]}. */
    static double unitClosed(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
        return value;
    }

    /** {@code value ∈ (0, 1]}. */
    static double unitLeftOpen(String name, double value) {
        if (!(value > 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
        }
        return value;
    }

    static double greaterThanOne(String name, double value) {
        if (!(value > 1.0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 1, got " + value);
        }
        return value;
    }

    static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    static void sameLength(double[] u, OptimizerState state) {
        if (u.length != state.dimension()) {
            throw new IllegalArgumentException("parameter vector has length " + u.length
                    + " but the optimizer state was created for length " + state.dimension());
        }
    }
}
