package io.github.pontryagin.core.field;

import java.util.List;
import java.util.Set;

import org.hipparchus.CalculusFieldElement;

import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * A one-hidden-layer perceptron as vector field (docs/theory.md §1): {@code f(y) = A₂ σ(A₁ y + β₁) + β₂}
 * with {@code A₁ ∈ R^{w×d}}, {@code β₁ ∈ R^w}, {@code A₂ ∈ R^{d×w}}, {@code β₂ ∈ R^d}; the hidden
 * width w may exceed d (default w = d). This is the residual block of He et al. (2016) read as an
 * ODE right-hand side, as in Chen et al., "Neural ordinary differential equations" (2018).
 *
 * <p>With {@code z = A₁ y + β₁}, {@code s = σ(z)}, {@code g = A₂ᵀ v} and {@code u = σ'(z) ⊙ g}:
 * {@code (∂f/∂y)ᵀ v = A₁ᵀ u}; {@code ∂/∂A₁ = u yᵀ}, {@code ∂/∂β₁ = u}, {@code ∂/∂A₂ = v sᵀ},
 * {@code ∂/∂β₂ = v}; {@code (∂f/∂y) v = A₂ (σ'(z) ⊙ A₁ v)}.
 * Parameters, each row-major: A₁, β₁, A₂, β₂.
 */
public final class TwoLayer extends AbstractVectorField {

    /** This family, as registered by {@link VectorFields}. */
    public static final VectorFieldFamily FAMILY = new VectorFieldFamily("two-layer",
            "f(y) = A2 sigma(A1 y + b1) + b2",
            Set.of(VectorFieldFamily.Knob.HIDDEN_WIDTH), d -> d,
            (d, w, gamma, sigma) -> new TwoLayer(d, w, sigma));

    private final int w;
    private final int beta1;
    private final int a2;
    private final int beta2;

    /** A field with hidden width equal to the dimension. */
    public TwoLayer(int dimension, Activation activation) {
        this(dimension, dimension, activation);
    }

    /**
     * @param dimension state dimension d (&gt; 0)
     * @param width     hidden width w (&gt; 0), may exceed d
     */
    public TwoLayer(int dimension, int width, Activation activation) {
        super(FAMILY.name(), dimension, activation, layout(dimension, width));
        this.w = width;
        this.beta1 = offsetOf("beta1");
        this.a2 = offsetOf("A2");
        this.beta2 = offsetOf("beta2");
    }


    /** The hidden width w. */
    public int width() {
        return w;
    }

    private static List<ParameterBlock> layout(int dimension, int width) {
        VectorFields.requirePositive("dimension", dimension);
        VectorFields.requirePositive("width", width);
        VectorFields.requireLayerSize(FAMILY.name(), dimension, width, 2L * width * dimension + width + dimension);
        int beta1 = width * dimension;
        int a2 = beta1 + width;
        int beta2 = a2 + dimension * width;
        return List.of(new ParameterBlock("A1", ParameterBlock.Kind.WEIGHT, width, dimension, 0),
                new ParameterBlock("beta1", ParameterBlock.Kind.BIAS, 1, width, beta1),
                new ParameterBlock("A2", ParameterBlock.Kind.WEIGHT, dimension, width, a2),
                new ParameterBlock("beta2", ParameterBlock.Kind.BIAS, 1, dimension, beta2));
    }

    @Override
    public int workspaceSize(int m) {
        return 3 * w * m;
    }

    @Override
    public void apply(double[] theta, int off, double[] y, int m, double[] out, double[] work) {
        DenseKernels.affine(theta, off, w, d, theta, off + beta1, y, m, work);
        sigma.apply(work, w * m, work);
        DenseKernels.affine(theta, off + a2, d, w, theta, off + beta2, work, m, out);
    }

    @Override
    public void vjp(double[] theta, int off, double[] y, double[] v, int m,
                    double[] stateOut, double[] gradOut, int gradOffset, double[] work) {
        int n = w * m;
        int slope = 0;
        int u = n;
        int s = 2 * n;
        DenseKernels.affine(theta, off, w, d, theta, off + beta1, y, m, work);
        if (gradOut != null) {
            sigma.valueAndDerivative(work, 0, n, work, s, work, slope);
        } else {
            sigma.derivative(work, 0, n, work, slope);
        }
        DenseKernels.transposeTimes(theta, off + a2, d, w, v, 0, m, work, u);
        DenseKernels.multiplyInPlace(work, u, work, slope, n);
        if (stateOut != null) {
            DenseKernels.transposeTimes(theta, off, w, d, work, u, m, stateOut, 0);
        }
        if (gradOut != null) {
            DenseKernels.accumulateOuter(work, u, w, y, 0, d, m, gradOut, gradOffset);
            DenseKernels.accumulateRowSums(work, u, w, m, gradOut, gradOffset + beta1);
            DenseKernels.accumulateOuter(v, 0, d, work, s, w, m, gradOut, gradOffset + a2);
            DenseKernels.accumulateRowSums(v, 0, d, m, gradOut, gradOffset + beta2);
        }
    }

    @Override
    public void jvp(double[] theta, int off, double[] y, double[] v, int m, double[] out, double[] work) {
        int n = w * m;
        DenseKernels.affine(theta, off, w, d, theta, off + beta1, y, m, work);
        sigma.derivative(work, 0, n, work, 0);
        DenseKernels.times(theta, off, w, d, v, 0, m, work, n);
        DenseKernels.multiplyInPlace(work, n, work, 0, n);
        DenseKernels.times(theta, off + a2, d, w, work, n, m, out, 0);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void apply(T[] theta, int off, T[] y, T[] out) {
        for (int i = 0; i < d; i++) {
            out[i] = theta[off + beta2 + i];
        }
        for (int r = 0; r < w; r++) {
            T z = theta[off + beta1 + r];
            for (int j = 0; j < d; j++) {
                z = z.add(theta[off + r * d + j].multiply(y[j]));
            }
            T s = sigma.value(z);
            for (int i = 0; i < d; i++) {
                out[i] = out[i].add(theta[off + a2 + i * w + r].multiply(s));
            }
        }
    }

    @Override
    public String toString() {
        return describe("width=" + w);
    }
}
