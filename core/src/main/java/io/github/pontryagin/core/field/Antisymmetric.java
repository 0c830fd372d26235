package io.github.pontryagin.core.field;

import java.util.List;
import java.util.Set;

import org.hipparchus.CalculusFieldElement;

import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * The antisymmetric field of Haber and Ruthotto ("Stable architectures for deep neural networks",
 * 2017; docs/theory.md §1): {@code f(y; K, β) = σ((K − Kᵀ − γI) y + β)} with {@code K ∈ R^{d×d}},
 * {@code β ∈ R^d} and a fixed damping {@code γ ≥ 0}. The matrix {@code M = K − Kᵀ − γI} has
 * eigenvalues with real part −γ, so the linearized flow neither blows up nor (for γ = 0) decays.
 *
 * <p>With {@code z = M y + β} and {@code u = σ'(z) ⊙ v}: {@code (∂f/∂y)ᵀ v = Mᵀ u =
 * −(K − Kᵀ) u − γ u}; since K enters M twice, {@code ∂⟨v, f⟩/∂K = G − Gᵀ} with {@code G = u yᵀ};
 * {@code ∂⟨v, f⟩/∂β = u}; {@code (∂f/∂y) v = σ'(z) ⊙ (M v)}.
 * Parameters: K row-major, then β. All of K is stored (its symmetric part has no effect).
 */
public final class Antisymmetric extends AbstractVectorField {

    /** This family, as registered by {@link VectorFields}. */
    public static final VectorFieldFamily FAMILY = new VectorFieldFamily("antisymmetric",
            "f(y) = sigma((K - K^T - gamma I) y + beta)",
            Set.of(VectorFieldFamily.Knob.GAMMA), d -> d,
            (d, w, gamma, sigma) -> new Antisymmetric(d, gamma, sigma));

    private final double gamma;

    /** A field without damping, γ = 0. */
    public Antisymmetric(int dimension, Activation activation) {
        this(dimension, 0.0, activation);
    }

    /**
     * @param dimension state dimension d (&gt; 0)
     * @param gamma     fixed damping γ, finite and ≥ 0
     */
    public Antisymmetric(int dimension, double gamma, Activation activation) {
        super(FAMILY.name(), dimension, activation, SigmaAffine.squareLayout(dimension));
        VectorFields.requireGamma(gamma);
        this.gamma = gamma;
    }


    /** The fixed damping γ. */
    public double gamma() {
        return gamma;
    }

    @Override
    public int workspaceSize(int m) {
        return d * m;
    }

    @Override
    public void apply(double[] theta, int off, double[] y, int m, double[] out, double[] work) {
        DenseKernels.skewShiftAffine(theta, off, d, 1.0, gamma, theta, off + d * d, y, m, out);
        sigma.apply(out, d * m, out);
    }

    @Override
    public void vjp(double[] theta, int off, double[] y, double[] v, int m,
                    double[] stateOut, double[] gradOut, int gradOffset, double[] work) {
        int n = d * m;
        DenseKernels.skewShiftAffine(theta, off, d, 1.0, gamma, theta, off + d * d, y, m, work);
        sigma.derivative(work, 0, n, work, 0);
        DenseKernels.multiplyInPlace(work, 0, v, 0, n);
        if (stateOut != null) {
            DenseKernels.skewShiftAffine(theta, off, d, -1.0, gamma, null, 0, work, m, stateOut);
        }
        if (gradOut != null) {
            DenseKernels.accumulateSkewOuter(work, y, d, m, gradOut, gradOffset);
            DenseKernels.accumulateRowSums(work, 0, d, m, gradOut, gradOffset + d * d);
        }
    }

    @Override
    public void jvp(double[] theta, int off, double[] y, double[] v, int m, double[] out, double[] work) {
        int n = d * m;
        DenseKernels.skewShiftAffine(theta, off, d, 1.0, gamma, theta, off + d * d, y, m, work);
        sigma.derivative(work, 0, n, work, 0);
        DenseKernels.skewShiftAffine(theta, off, d, 1.0, gamma, null, 0, v, m, out);
        DenseKernels.multiplyInPlace(out, 0, work, 0, n);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void apply(T[] theta, int off, T[] y, T[] out) {
        for (int i = 0; i < d; i++) {
            T z = theta[off + d * d + i].subtract(y[i].multiply(gamma));
            for (int j = 0; j < d; j++) {
                z = z.add(theta[off + i * d + j].subtract(theta[off + j * d + i]).multiply(y[j]));
            }
            out[i] = sigma.value(z);
        }
    }

    @Override
    public String toString() {
        return describe("gamma=" + gamma);
    }
}
