package io.github.pontryagin.core.field;

import java.util.List;
import java.util.Set;

import org.hipparchus.CalculusFieldElement;

import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * The Hamiltonian field of Haber and Ruthotto's Verlet network ("Stable architectures for deep
 * neural networks", 2017; docs/theory.md §1). The state {@code y = (q, p)} has even dimension d; q is the first
 * {@code h = d/2} coordinates and p the last h. With {@code K₁, K₂ ∈ R^{w×h}}, {@code β₁, β₂ ∈ R^w}
 * (default w = h):
 * {@code q' = K₁ᵀ σ(K₁ p + β₁)}, {@code p' = −K₂ᵀ σ(K₂ q + β₂)}.
 * Each half depends only on the other half, so the Jacobian is block off-diagonal.
 *
 * <p>With {@code z₁ = K₁ p + β₁}, {@code s₁ = σ(z₁)}, {@code z₂ = K₂ q + β₂}, {@code s₂ = σ(z₂)},
 * a cotangent {@code v = (v_q, v_p)}, {@code u₁ = σ'(z₁) ⊙ K₁ v_q} and {@code u₂ = σ'(z₂) ⊙ K₂ v_p}:
 * {@code (∂f/∂y)ᵀ v = (−K₂ᵀ u₂, K₁ᵀ u₁)}; {@code ∂/∂K₁ = s₁ v_qᵀ + u₁ pᵀ}, {@code ∂/∂β₁ = u₁};
 * {@code ∂/∂K₂ = −(s₂ v_pᵀ + u₂ qᵀ)}, {@code ∂/∂β₂ = −u₂}. A tangent {@code v = (v_q, v_p)} gives
 * {@code (∂f/∂y) v = (K₁ᵀ(σ'(z₁) ⊙ K₁ v_p), −K₂ᵀ(σ'(z₂) ⊙ K₂ v_q))}.
 * Parameters, each row-major: K₁, β₁, K₂, β₂.
 */
public final class Hamiltonian extends AbstractVectorField {

    /** This family, as registered by {@link VectorFields}. */
    public static final VectorFieldFamily FAMILY = new VectorFieldFamily("hamiltonian",
            "y = (q, p): q' = K1^T sigma(K1 p + b1), p' = -K2^T sigma(K2 q + b2)",
            Set.of(VectorFieldFamily.Knob.HIDDEN_WIDTH), d -> Math.max(1, d / 2),
            (d, w, gamma, sigma) -> new Hamiltonian(d, w, sigma));

    private final int h;
    private final int w;
    private final int beta1;
    private final int k2;
    private final int beta2;

    /** A field with hidden width equal to half the dimension. */
    public Hamiltonian(int dimension, Activation activation) {
        this(dimension, requireEven(dimension) / 2, activation);
    }

    /**
     * @param dimension state dimension d, even and &gt; 0 (q and p have d/2 coordinates each)
     * @param width     hidden width w (&gt; 0), the number of rows of K₁ and K₂
     */
    public Hamiltonian(int dimension, int width, Activation activation) {
        super(FAMILY.name(), dimension, activation, layout(dimension, width));
        this.h = dimension / 2;
        this.w = width;
        this.beta1 = offsetOf("beta1");
        this.k2 = offsetOf("K2");
        this.beta2 = offsetOf("beta2");
    }

    private static List<ParameterBlock> layout(int dimension, int width) {
        int half = requireEven(dimension) / 2;
        VectorFields.requirePositive("width", width);
        VectorFields.requireLayerSize(FAMILY.name(), dimension, width, 2L * width * half + 2L * width);
        int beta1 = width * half;
        int k2 = beta1 + width;
        int beta2 = k2 + width * half;
        return List.of(new ParameterBlock("K1", ParameterBlock.Kind.WEIGHT, width, half, 0),
                new ParameterBlock("beta1", ParameterBlock.Kind.BIAS, 1, width, beta1),
                new ParameterBlock("K2", ParameterBlock.Kind.WEIGHT, width, half, k2),
                new ParameterBlock("beta2", ParameterBlock.Kind.BIAS, 1, width, beta2));
    }

    private static int requireEven(int dimension) {
        VectorFields.requirePositive("dimension", dimension);
        if (dimension % 2 != 0) {
            throw new IllegalArgumentException("dimension must be even for the hamiltonian family (state = (q, p)"
                    + " with d/2 coordinates each), got " + dimension);
        }
        return dimension;
    }


    /** The hidden width w (rows of K₁ and of K₂). */
    public int width() {
        return w;
    }

    @Override
    public int workspaceSize(int m) {
        return 3 * w * m;
    }

    @Override
    public void apply(double[] theta, int off, double[] y, int m, double[] out, double[] work) {
        int n = w * m;
        int half = h * m;
        DenseKernels.affine(theta, off, w, h, theta, off + beta1, y, half, m, work, 0);
        sigma.apply(work, n, work);
        DenseKernels.transposeTimes(theta, off, w, h, work, 0, m, out, 0);
        DenseKernels.affine(theta, off + k2, w, h, theta, off + beta2, y, 0, m, work, 0);
        sigma.apply(work, n, work);
        DenseKernels.negate(work, 0, n);
        DenseKernels.transposeTimes(theta, off + k2, w, h, work, 0, m, out, half);
    }

    @Override
    public void vjp(double[] theta, int off, double[] y, double[] v, int m,
                    double[] stateOut, double[] gradOut, int gradOffset, double[] work) {
        int half = h * m;
        halfVjp(theta, off, off + beta1, y, half, v, 0, m, 1.0, stateOut, half, gradOut, gradOffset, work);
        halfVjp(theta, off + k2, off + beta2, y, 0, v, half, m, -1.0, stateOut, 0,
                gradOut, gradOffset + k2, work);
    }

    /**
     * One half {@code g(x) = sign·Kᵀ σ(K x + β)} of the field, x read from {@code y[xOff]}, with
     * cotangent read from {@code v[vOff]}: writes {@code (∂g/∂x)ᵀ v} from {@code stateOut[stateOff]} and
     * adds {@code sign·(s vᵀ + u xᵀ)}, {@code sign·u} to the K and β gradients starting at {@code gradOff}.
     */
    private void halfVjp(double[] theta, int kOff, int betaOff, double[] y, int xOff, double[] v, int vOff, int m,
                         double sign, double[] stateOut, int stateOff, double[] gradOut, int gradOff,
                         double[] work) {
        int n = w * m;
        int slope = 0;
        int u = n;
        int s = 2 * n;
        DenseKernels.affine(theta, kOff, w, h, theta, betaOff, y, xOff, m, work, 0);
        if (gradOut != null) {
            sigma.valueAndDerivative(work, 0, n, work, s, work, slope);
        } else {
            sigma.derivative(work, 0, n, work, slope);
        }
        DenseKernels.times(theta, kOff, w, h, v, vOff, m, work, u);
        DenseKernels.multiplyInPlace(work, u, work, slope, n);
        if (sign < 0) {
            DenseKernels.negate(work, u, n);
        }
        if (stateOut != null) {
            DenseKernels.transposeTimes(theta, kOff, w, h, work, u, m, stateOut, stateOff);
        }
        if (gradOut != null) {
            if (sign < 0) {
                DenseKernels.negate(work, s, n);
            }
            DenseKernels.accumulateOuter(work, s, w, v, vOff, h, m, gradOut, gradOff);
            DenseKernels.accumulateOuter(work, u, w, y, xOff, h, m, gradOut, gradOff);
            DenseKernels.accumulateRowSums(work, u, w, m, gradOut, gradOff + w * h);
        }
    }

    @Override
    public void jvp(double[] theta, int off, double[] y, double[] v, int m, double[] out, double[] work) {
        int n = w * m;
        int half = h * m;
        DenseKernels.affine(theta, off, w, h, theta, off + beta1, y, half, m, work, 0);
        sigma.derivative(work, 0, n, work, 0);
        DenseKernels.times(theta, off, w, h, v, half, m, work, n);
        DenseKernels.multiplyInPlace(work, n, work, 0, n);
        DenseKernels.transposeTimes(theta, off, w, h, work, n, m, out, 0);
        DenseKernels.affine(theta, off + k2, w, h, theta, off + beta2, y, 0, m, work, 0);
        sigma.derivative(work, 0, n, work, 0);
        DenseKernels.times(theta, off + k2, w, h, v, 0, m, work, n);
        DenseKernels.multiplyInPlace(work, n, work, 0, n);
        DenseKernels.negate(work, n, n);
        DenseKernels.transposeTimes(theta, off + k2, w, h, work, n, m, out, half);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void apply(T[] theta, int off, T[] y, T[] out) {
        T zero = y[0].getField().getZero();
        for (int j = 0; j < d; j++) {
            out[j] = zero;
        }
        for (int r = 0; r < w; r++) {
            T z1 = theta[off + beta1 + r];
            T z2 = theta[off + beta2 + r];
            for (int j = 0; j < h; j++) {
                z1 = z1.add(theta[off + r * h + j].multiply(y[h + j]));
                z2 = z2.add(theta[off + k2 + r * h + j].multiply(y[j]));
            }
            T s1 = sigma.value(z1);
            T s2 = sigma.value(z2);
            for (int j = 0; j < h; j++) {
                out[j] = out[j].add(theta[off + r * h + j].multiply(s1));
                out[h + j] = out[h + j].subtract(theta[off + k2 + r * h + j].multiply(s2));
            }
        }
    }

    @Override
    public String toString() {
        return describe("width=" + w);
    }
}
