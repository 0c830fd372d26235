package io.github.pontryagin.core.field;

import java.util.List;
import java.util.Set;

import org.hipparchus.CalculusFieldElement;

import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * The gradient-flow field {@code f(y; K, β) = −Kᵀ σ(K y + β)} with {@code K ∈ R^{w×d}},
 * {@code β ∈ R^w} (hidden width w, default w = d). It is the negative gradient of the potential
 * {@code V(y) = Σ_r S(K_r y + β_r)} with {@code S' = σ}, so for {@code 0 ≤ σ' ≤ 1} its Jacobian
 * {@code −Kᵀ diag(σ') K} is symmetric negative semi-definite and the flow is non-expansive
 * (one-sided Lipschitz constant ν ≤ 0; docs/theory.md §1 on stable ResNet architectures).
 *
 * <p>With {@code z = K y + β}, {@code s = σ(z)} and {@code u = σ'(z) ⊙ (K v)}:
 * {@code (∂f/∂y) v = (∂f/∂y)ᵀ v = −Kᵀ u}; {@code ∂⟨v, f⟩/∂K = −(s vᵀ + u yᵀ)} (K appears both
 * outside and inside σ); {@code ∂⟨v, f⟩/∂β = −u}.
 * Parameters: K row-major ({@code K[r][j]} multiplies {@code y_j}), then β.
 */
public final class NegativeGradient extends AbstractVectorField {

    /** This family, as registered by {@link VectorFields}. */
    public static final VectorFieldFamily FAMILY = new VectorFieldFamily("gradient",
            "f(y) = -K^T sigma(K y + beta)",
            Set.of(VectorFieldFamily.Knob.HIDDEN_WIDTH), d -> d,
            (d, w, gamma, sigma) -> new NegativeGradient(d, w, sigma));

    private final int w;

    /** A field with hidden width equal to the dimension. */
    public NegativeGradient(int dimension, Activation activation) {
        this(dimension, dimension, activation);
    }

    /**
     * @param dimension state dimension d (&gt; 0)
     * @param width     hidden width w, the number of rows of K (&gt; 0)
     */
    public NegativeGradient(int dimension, int width, Activation activation) {
        super(FAMILY.name(), dimension, activation, layout(dimension, width));
        this.w = width;
    }


    /** The hidden width w (rows of K). */
    public int width() {
        return w;
    }

    private static List<ParameterBlock> layout(int dimension, int width) {
        VectorFields.requirePositive("dimension", dimension);
        VectorFields.requirePositive("width", width);
        return List.of(new ParameterBlock("K", ParameterBlock.Kind.WEIGHT, width, dimension, 0),
                new ParameterBlock("beta", ParameterBlock.Kind.BIAS, 1, width, width * dimension));
    }

    @Override
    public int workspaceSize(int m) {
        return 3 * w * m;
    }

    @Override
    public void apply(double[] theta, int off, double[] y, int m, double[] out, double[] work) {
        int n = w * m;
        DenseKernels.affine(theta, off, w, d, theta, off + w * d, y, m, work);
        sigma.apply(work, n, work);
        DenseKernels.negate(work, 0, n);
        DenseKernels.transposeTimes(theta, off, w, d, work, m, out);
    }

    @Override
    public void vjp(double[] theta, int off, double[] y, double[] v, int m,
                    double[] stateOut, double[] gradOut, int gradOffset, double[] work) {
        int n = w * m;
        int slope = 0;
        int u = n;
        int s = 2 * n;
        DenseKernels.affine(theta, off, w, d, theta, off + w * d, y, m, work);
        if (gradOut != null) {
            sigma.valueAndDerivative(work, 0, n, work, s, work, slope);
        } else {
            sigma.derivative(work, 0, n, work, slope);
        }
        DenseKernels.times(theta, off, w, d, v, 0, m, work, u);
        DenseKernels.multiplyInPlace(work, u, work, slope, n);
        DenseKernels.negate(work, u, n);
        if (stateOut != null) {
            DenseKernels.transposeTimes(theta, off, w, d, work, u, m, stateOut, 0);
        }
        if (gradOut != null) {
            DenseKernels.negate(work, s, n);
            DenseKernels.accumulateOuter(work, s, w, v, 0, d, m, gradOut, gradOffset);
            DenseKernels.accumulateOuter(work, u, w, y, 0, d, m, gradOut, gradOffset);
            DenseKernels.accumulateRowSums(work, u, w, m, gradOut, gradOffset + w * d);
        }
    }

    @Override
    public void jvp(double[] theta, int off, double[] y, double[] v, int m, double[] out, double[] work) {
        int n = w * m;
        DenseKernels.affine(theta, off, w, d, theta, off + w * d, y, m, work);
        sigma.derivative(work, 0, n, work, 0);
        DenseKernels.times(theta, off, w, d, v, 0, m, work, n);
        DenseKernels.multiplyInPlace(work, n, work, 0, n);
        DenseKernels.negate(work, n, n);
        DenseKernels.transposeTimes(theta, off, w, d, work, n, m, out, 0);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void apply(T[] theta, int off, T[] y, T[] out) {
        for (int j = 0; j < d; j++) {
            out[j] = y[0].getField().getZero();
        }
        for (int r = 0; r < w; r++) {
            T z = theta[off + w * d + r];
            for (int j = 0; j < d; j++) {
                z = z.add(theta[off + r * d + j].multiply(y[j]));
            }
            T s = sigma.value(z);
            for (int j = 0; j < d; j++) {
                out[j] = out[j].subtract(theta[off + r * d + j].multiply(s));
            }
        }
    }

    @Override
    public String toString() {
        return describe("width=" + w);
    }
}
