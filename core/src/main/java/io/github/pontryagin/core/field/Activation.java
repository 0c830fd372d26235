package io.github.pontryagin.core.field;

import io.github.pontryagin.core.Registry;

import org.hipparchus.CalculusFieldElement;

import io.github.pontryagin.core.kernel.FastTanh;

/**
 * Scalar activation functions σ with their derivatives σ', in three flavours: a scalar, a batched
 * array version (writes into a caller array) and a version over any Hipparchus
 * {@link CalculusFieldElement}, used by the automatic-differentiation oracle.
 */
public enum Activation {
    /**
     * σ(x) = tanh x, σ' = 1 − tanh² x. The default. Evaluated by {@link FastTanh} (a few ulp, vectorized when
     * the Vector API is available, the same bits either way).
     */
    TANH("tanh", "tanh x (the default)") {
        @Override
        public double value(double x) {
            return FastTanh.tanh(x);
        }

        @Override
        public double derivative(double x) {
            double t = FastTanh.tanh(x);
            return 1 - t * t;
        }

        @Override
        public <T extends CalculusFieldElement<T>> T value(T x) {
            return x.tanh();
        }
    },
    /** σ(x) = max(0, x), σ'(x) = 1 for x > 0 and 0 otherwise (not differentiable at 0). */
    RELU("relu", "max(0, x)") {
        @Override
        public double value(double x) {
            return x > 0 ? x : 0.0;
        }

        @Override
        public double derivative(double x) {
            return x > 0 ? 1.0 : 0.0;
        }

        @Override
        public <T extends CalculusFieldElement<T>> T value(T x) {
            return x.getReal() > 0 ? x : x.getField().getZero();
        }
    },
    /** σ(x) = log(1 + eˣ), evaluated without overflow; σ' is the logistic function. */
    SOFTPLUS("softplus", "log(1 + e^x)") {
        @Override
        public double value(double x) {
            return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
        }

        @Override
        public double derivative(double x) {
            return logistic(x);
        }

        @Override
        public <T extends CalculusFieldElement<T>> T value(T x) {
            return x.getReal() > 0 ? x.add(x.negate().exp().log1p()) : x.exp().log1p();
        }
    },
    /** σ(x) = 1 / (1 + e⁻ˣ), σ' = σ(1 − σ). */
    SIGMOID("sigmoid", "1 / (1 + e^-x)") {
        @Override
        public double value(double x) {
            return logistic(x);
        }

        @Override
        public double derivative(double x) {
            double s = logistic(x);
            return s * (1 - s);
        }

        @Override
        public <T extends CalculusFieldElement<T>> T value(T x) {
            // Same branch as logistic(double): e^{-x} overflows for x << 0 and makes the AD derivative NaN.
            if (x.getReal() >= 0) {
                return x.negate().exp().add(1).reciprocal();
            }
            T e = x.exp();
            return e.divide(e.add(1));
        }
    },
    /** σ(x) = x. */
    IDENTITY("identity", "x (a linear field)") {
        @Override
        public double value(double x) {
            return x;
        }

        @Override
        public double derivative(double x) {
            return 1.0;
        }

        @Override
        public <T extends CalculusFieldElement<T>> T value(T x) {
            return x;
        }
    };

    private static final Registry<Activation> REGISTRY = register();

    private final String id;
    private final String description;

    Activation(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The logistic function 1/(1+e⁻ˣ), computed without overflow for large |x|. */
    public static double logistic(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** @return one line for help texts, the formula of σ */
    public String description() {
        return description;
    }

    /** The activations by id, in declaration order. */
    public static Registry<Activation> registry() {
        return REGISTRY;
    }

    private static Registry<Activation> register() {
        Registry.Builder<Activation> b = Registry.builder("activation");
        for (Activation a : values()) {
            b.add(a.id, a.description, a);
        }
        return b.build();
    }

    /** The lower-case name used on the command line and in model files. */
    public String id() {
        return id;
    }

    public abstract double value(double x);

    public abstract double derivative(double x);

    /**
     * σ''(x), for the closed-form second-order terms of the fields ({@link VectorField#secondOrderVjp}): tanh
     * {@code −2σ(1 − σ²)}, sigmoid {@code σ(1 − σ)(1 − 2σ)}, softplus the logistic derivative {@code s(1 − s)},
     * relu and identity 0 (relu's second derivative is 0 wherever it is differentiable).
     */
    public double secondDerivative(double x) {
        switch (this) {
            case TANH: {
                double t = FastTanh.tanh(x);
                return -2.0 * t * (1 - t * t);
            }
            case SIGMOID: {
                double s = logistic(x);
                return s * (1 - s) * (1 - 2 * s);
            }
            case SOFTPLUS: {
                double s = logistic(x);
                return s * (1 - s);
            }
            default:
                return 0.0;
        }
    }

    public abstract <T extends CalculusFieldElement<T>> T value(T x);

    /** {@code out[k] = σ(z[k])} for {@code k < n}. {@code out} may be {@code z}. */
    public void apply(double[] z, int n, double[] out) {
        apply(z, 0, n, out, 0);
    }

    /** {@code out[outOff + k] = σ(z[zOff + k])} for {@code k < n}; the slices may coincide. */
    public void apply(double[] z, int zOff, int n, double[] out, int outOff) {
        if (this == TANH) {
            FastTanh.apply(z, zOff, n, out, outOff);
            return;
        }
        for (int k = 0; k < n; k++) {
            out[outOff + k] = value(z[zOff + k]);
        }
    }

    /** {@code out[k] = σ'(z[k])} for {@code k < n}. {@code out} may be {@code z}. */
    public void derivative(double[] z, int n, double[] out) {
        derivative(z, 0, n, out, 0);
    }

    /**
     * True when σ'(z) is a function of σ(z) alone, computed by {@link #derivativeFromValue} with the same
     * bits as {@link #derivative(double)}: tanh (1 − σ²), sigmoid (σ(1 − σ)), relu, identity; not softplus.
     */
    public boolean hasDerivativeFromValue() {
        return this != SOFTPLUS;
    }

    /**
     * σ''(z) given {@code value = σ(z)}, for activations with {@link #hasDerivativeFromValue()}: tanh
     * {@code −2σ(1 − σ²)}, sigmoid {@code σ(1 − σ)(1 − 2σ)}, relu and identity 0.
     *
     * @throws UnsupportedOperationException for softplus
     */
    public double secondDerivativeFromValue(double value) {
        switch (this) {
            case TANH:
                return -2.0 * value * (1 - value * value);
            case SIGMOID:
                return value * (1 - value) * (1 - 2 * value);
            case RELU:
            case IDENTITY:
                return 0.0;
            default:
                throw new UnsupportedOperationException(id + ": σ'' is not a function of σ; use secondDerivative(z)");
        }
    }

    /**
     * {@code out[outOff + k] = σ'(z_k)} given {@code value[valueOff + k] = σ(z_k)}, for activations with
     * {@link #hasDerivativeFromValue()}; the slices may coincide. Lets a backward pass reuse the forward
     * pass's σ(z) instead of recomputing z and σ.
     *
     * @throws UnsupportedOperationException for softplus
     */
    public void derivativeFromValue(double[] value, int valueOff, int n, double[] out, int outOff) {
        switch (this) {
            case TANH:
                for (int k = 0; k < n; k++) {
                    double t = value[valueOff + k];
                    out[outOff + k] = 1 - t * t;
                }
                break;
            case SIGMOID:
                for (int k = 0; k < n; k++) {
                    double v = value[valueOff + k];
                    out[outOff + k] = v * (1 - v);
                }
                break;
            case RELU:
                for (int k = 0; k < n; k++) {
                    out[outOff + k] = value[valueOff + k] > 0 ? 1.0 : 0.0;
                }
                break;
            case IDENTITY:
                java.util.Arrays.fill(out, outOff, outOff + n, 1.0);
                break;
            default:
                throw new UnsupportedOperationException(id + ": σ' is not a function of σ; use derivative(z)");
        }
    }

    /**
     * Computes σ(z) and σ'(z) together (cheaper than separately for tanh and sigmoid).
     * {@code value} and {@code slope} must be distinct arrays; either may alias {@code z} only if the
     * other does not.
     */
    public void valueAndDerivative(double[] z, int n, double[] value, double[] slope) {
        valueAndDerivative(z, 0, n, value, 0, slope, 0);
    }

    /**
     * As {@link #valueAndDerivative(double[], int, double[], double[])} on slices: reads
     * {@code z[zOff .. zOff+n)}, writes {@code value[valueOff ..]} and {@code slope[slopeOff ..]}.
     * Either output slice may coincide with the input slice, but not both.
     */
    public void valueAndDerivative(double[] z, int zOff, int n, double[] value, int valueOff,
                                   double[] slope, int slopeOff) {
        switch (this) {
            case TANH:
                FastTanh.applyWithSlope(z, zOff, n, value, valueOff, slope, slopeOff);
                break;
            case SIGMOID:
                for (int k = 0; k < n; k++) {
                    double s = logistic(z[zOff + k]);
                    value[valueOff + k] = s;
                    slope[slopeOff + k] = s * (1 - s);
                }
                break;
            default:
                for (int k = 0; k < n; k++) {
                    double x = z[zOff + k];
                    slope[slopeOff + k] = derivative(x);
                    value[valueOff + k] = value(x);
                }
        }
    }

    /** {@code out[outOff + k] = σ'(z[zOff + k])} for {@code k < n}; the slices may coincide. */
    public void derivative(double[] z, int zOff, int n, double[] out, int outOff) {
        if (this == TANH) {
            FastTanh.apply(z, zOff, n, out, outOff);
            derivativeFromValue(out, outOff, n, out, outOff);
            return;
        }
        for (int k = 0; k < n; k++) {
            out[outOff + k] = derivative(z[zOff + k]);
        }
    }

    /**
     * Looks an activation up by its id ({@code tanh}, {@code relu}, {@code softplus}, {@code sigmoid},
     * {@code identity}), ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the accepted ids if {@code name} is unknown
     */
    public static Activation byName(String name) {
        return REGISTRY.get(name);
    }
}
