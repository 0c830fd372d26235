package io.github.pontryagin.core.field;

import java.util.List;
import java.util.Set;

import org.hipparchus.CalculusFieldElement;

import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * The paper's residual function {@code f(y; K, β) = σ(K y + β)} with {@code K ∈ R^{d×d}},
 * {@code β ∈ R^d} (docs/theory.md §1, the ResNet layer read as an ODE step: {@code y_{n+1} = y_n + h σ(K_n y_n + β_n)}).
 *
 * <p>With {@code z = K y + β} and {@code u = σ'(z) ⊙ v}: {@code (∂f/∂y)ᵀ v = Kᵀ u},
 * {@code ∂/∂K = u yᵀ}, {@code ∂/∂β = u}; {@code (∂f/∂y) v = σ'(z) ⊙ (K v)}.
 * Parameters: K row-major ({@code K[i][j]} multiplies {@code y_j}), then β.
 */
public final class SigmaAffine extends AbstractVectorField {

    /** This family, as registered by {@link VectorFields}. */
    public static final VectorFieldFamily FAMILY = new VectorFieldFamily("sigma-affine",
            "f(y) = sigma(K y + beta)",
            Set.of(), d -> d,
            (d, w, gamma, sigma) -> new SigmaAffine(d, sigma));


    public SigmaAffine(int dimension, Activation activation) {
        super(FAMILY.name(), dimension, activation, squareLayout(dimension));
    }

    /** K (d × d, row-major), then β (d): the layout of the sigma-affine and antisymmetric families. */
    static List<ParameterBlock> squareLayout(int dimension) {
        VectorFields.requirePositive("dimension", dimension);
        return List.of(new ParameterBlock("K", ParameterBlock.Kind.WEIGHT, dimension, dimension, 0),
                new ParameterBlock("beta", ParameterBlock.Kind.BIAS, 1, dimension, dimension * dimension));
    }


    @Override
    public int workspaceSize(int m) {
        return 2 * d * m;
    }

    @Override
    public void apply(double[] theta, int off, double[] y, int m, double[] out, double[] work) {
        DenseKernels.affine(theta, off, d, d, theta, off + d * d, y, m, out);
        sigma.apply(out, d * m, out);
    }

    @Override
    public int preparedSize() {
        return DenseKernels.packedLength(d, d);
    }

    @Override
    public void prepare(double[] theta, int off, boolean adjoint, double[] prepared) {
        if (adjoint) {
            DenseKernels.packForTransposeProduct(theta, off, d, d, prepared);
        } else {
            DenseKernels.packForProduct(theta, off, d, d, prepared);
        }
    }

    @Override
    public void applyPrepared(double[] prepared, double[] theta, int off, double[] y, int yOff, int m, double[] out,
                              int outOff, double[] work) {
        DenseKernels.affinePacked(prepared, theta, off, d, d, theta, off + d * d, y, yOff, m, out, outOff);
        sigma.apply(out, outOff, d * m, out, outOff);
    }

    @Override
    public void vjp(double[] theta, int off, double[] y, double[] v, int m,
                    double[] stateOut, double[] gradOut, int gradOffset, double[] work) {
        slopeTimes(theta, off, y, 0, null, 0, v, m, work);
        backPropagate(null, theta, off, y, 0, work, m, stateOut, 0, gradOut, gradOffset);
    }

    /** With tanh, sigmoid, relu or identity, {@code σ'(z)} comes from {@code fy = σ(z)}: no affine product. */
    @Override
    public void vjpWithValue(double[] theta, int off, double[] y, double[] fy, double[] v, int m,
                             double[] stateOut, double[] gradOut, int gradOffset, double[] work) {
        slopeTimes(theta, off, y, 0, fy, 0, v, m, work);
        backPropagate(null, theta, off, y, 0, work, m, stateOut, 0, gradOut, gradOffset);
    }

    @Override
    public void vjpWithValuePrepared(double[] prepared, double[] theta, int off, double[] y, int yOff, double[] fy,
                                     int fyOff, double[] v, int m, double[] stateOut, int stateOff, double[] gradOut,
                                     int gradOffset, double[] work) {
        slopeTimes(theta, off, y, yOff, fy, fyOff, v, m, work);
        backPropagate(prepared, theta, off, y, yOff, work, m, stateOut, stateOff, gradOut, gradOffset);
    }

    /**
     * {@code u = σ'(z) ⊙ v} into {@code u[0 .. d·m)}: σ' from {@code fy = σ(z)} at {@code fy[fyOff ..]} when the
     * activation allows it and fy is given, else from {@code z = K y + β} recomputed (y at {@code yOff}).
     */
    private void slopeTimes(double[] theta, int off, double[] y, int yOff, double[] fy, int fyOff, double[] v, int m,
                            double[] u) {
        int n = d * m;
        if (fy != null && sigma.hasDerivativeFromValue()) {
            sigma.derivativeFromValue(fy, fyOff, n, u, 0);
        } else {
            DenseKernels.affine(theta, off, d, d, theta, off + d * d, y, yOff, m, u, 0);
            sigma.derivative(u, n, u);
        }
        for (int k = 0; k < n; k++) {
            u[k] *= v[k];
        }
    }

    /** {@code prepared}: Kᵀ packed by {@link #prepare} (adjoint), or null; y at {@code yOff}, stateOut at stateOff. */
    private void backPropagate(double[] prepared, double[] theta, int off, double[] y, int yOff, double[] u, int m,
                               double[] stateOut, int stateOff, double[] gradOut, int gradOffset) {
        if (stateOut != null && prepared != null) {
            DenseKernels.transposeTimesPacked(prepared, theta, off, d, d, u, 0, m, stateOut, stateOff);
        } else if (stateOut != null) {
            DenseKernels.transposeTimes(theta, off, d, d, u, 0, m, stateOut, stateOff);
        }
        if (gradOut != null) {
            DenseKernels.accumulateOuter(u, 0, d, y, yOff, d, m, gradOut, gradOffset);
            DenseKernels.accumulateRowSums(u, d, m, gradOut, gradOffset + d * d);
        }
    }

    @Override
    public void jvp(double[] theta, int off, double[] y, double[] v, int m, double[] out, double[] work) {
        int n = d * m;
        double[] slope = work;
        DenseKernels.affine(theta, off, d, d, theta, off + d * d, y, m, slope);
        sigma.derivative(slope, n, slope);
        DenseKernels.times(theta, off, d, d, v, m, out);
        for (int k = 0; k < n; k++) {
            out[k] *= slope[k];
        }
    }

    /**
     * {@code (∂f/∂θ) δθ = σ'(z) ⊙ (δK y + δβ)} by the batched kernels (replaces the forward-mode AD default); this
     * form allocates its scratch batch, the one with scratch batches nothing.
     */
    @Override
    public void parameterJvp(double[] theta, int off, double[] y, double[] dtheta, int dthetaOffset, int m,
                             double[] out) {
        parameterJvp(theta, off, y, dtheta, dthetaOffset, m, out, new double[SCRATCH_BATCHES][d * m]);
    }

    /** {@code z, δz, g} and one for {@code σ(z)} or the parameter part. */
    private static final int SCRATCH_BATCHES = 4;

    @Override
    public int secondOrderScratchBatches() {
        return SCRATCH_BATCHES;
    }

    @Override
    public void parameterJvp(double[] theta, int off, double[] y, double[] dtheta, int dthetaOffset, int m,
                             double[] out, double[][] scratch) {
        int n = d * m;
        double[] slope = batch(scratch, 0, n);
        DenseKernels.affine(theta, off, d, d, theta, off + d * d, y, m, slope);
        sigma.derivative(slope, n, slope);
        DenseKernels.affine(dtheta, dthetaOffset, d, d, dtheta, dthetaOffset + d * d, y, m, out);
        DenseKernels.multiplyInPlace(out, 0, slope, 0, n);
    }

    private static double[] batch(double[][] scratch, int index, int n) {
        if (scratch == null || scratch.length < SCRATCH_BATCHES || scratch[index] == null
                || scratch[index].length != n) {
            throw new IllegalArgumentException("scratch must hold " + SCRATCH_BATCHES + " batches of d x M = " + n
                    + " doubles (secondOrderScratchBatches())");
        }
        return scratch[index];
    }

    /**
     * The second-order term in closed form on the batched kernels (replaces the nested-AD default). With
     * {@code φ = ⟨ν, σ(Ky + β)⟩}, {@code g = σ'(z) ⊙ ν}, {@code δz = K δy + δK y + δβ} and
     * {@code δg = σ''(z) ⊙ δz ⊙ ν}: {@code δ∇_yφ = Kᵀ δg + δKᵀ g}, {@code δ∇_Kφ = δg yᵀ + g δyᵀ},
     * {@code δ∇_βφ = δg}. This form allocates its scratch batches, the one with scratch batches nothing.
     */
    @Override
    public void secondOrderVjp(double[] theta, int off, double[] y, double[] nu, double[] dy, double[] dtheta,
                               int dthetaOffset, int m, double[] stateOut, double[] gradOut, int gradOffset) {
        secondOrderVjp(theta, off, y, nu, dy, dtheta, dthetaOffset, m, stateOut, gradOut, gradOffset,
                new double[SCRATCH_BATCHES][d * m]);
    }

    @Override
    public void secondOrderVjp(double[] theta, int off, double[] y, double[] nu, double[] dy, double[] dtheta,
                               int dthetaOffset, int m, double[] stateOut, double[] gradOut, int gradOffset,
                               double[][] scratch) {
        int n = d * m;
        double[] z = batch(scratch, 0, n);
        double[] dz = batch(scratch, 1, n);
        double[] g = batch(scratch, 2, n);
        double[] fourth = batch(scratch, 3, n);
        DenseKernels.affine(theta, off, d, d, theta, off + d * d, y, m, z);
        if (dy != null) {
            DenseKernels.times(theta, off, d, d, dy, m, dz);
        } else {
            java.util.Arrays.fill(dz, 0.0);
        }
        if (dtheta != null) {
            double[] parameterPart = fourth;
            DenseKernels.affine(dtheta, dthetaOffset, d, d, dtheta, dthetaOffset + d * d, y, m, parameterPart);
            for (int k = 0; k < n; k++) {
                dz[k] += parameterPart[k];
            }
        }
        // dz becomes δg, g = σ'(z) ⊙ ν; σ', σ'' from one batched σ(z) where the activation allows it
        if (sigma.hasDerivativeFromValue()) {
            double[] value = fourth;
            sigma.apply(z, n, value);
            sigma.derivativeFromValue(value, 0, n, g, 0);
            for (int k = 0; k < n; k++) {
                g[k] *= nu[k];
                dz[k] = sigma.secondDerivativeFromValue(value[k]) * dz[k] * nu[k];
            }
        } else {
            for (int k = 0; k < n; k++) {
                g[k] = sigma.derivative(z[k]) * nu[k];
                dz[k] = sigma.secondDerivative(z[k]) * dz[k] * nu[k];
            }
        }
        if (stateOut != null) {
            DenseKernels.transposeTimes(theta, off, d, d, dz, m, stateOut);
            if (dtheta != null) {
                DenseKernels.transposeTimes(dtheta, dthetaOffset, d, d, g, m, z);
                for (int k = 0; k < n; k++) {
                    stateOut[k] += z[k];
                }
            }
        }
        if (gradOut != null) {
            DenseKernels.accumulateOuter(dz, d, y, d, m, gradOut, gradOffset);
            if (dy != null) {
                DenseKernels.accumulateOuter(g, d, dy, d, m, gradOut, gradOffset);
            }
            DenseKernels.accumulateRowSums(dz, d, m, gradOut, gradOffset + d * d);
        }
    }

    @Override
    public <T extends CalculusFieldElement<T>> void apply(T[] theta, int off, T[] y, T[] out) {
        for (int i = 0; i < d; i++) {
            T z = theta[off + d * d + i];
            for (int j = 0; j < d; j++) {
                z = z.add(theta[off + i * d + j].multiply(y[j]));
            }
            out[i] = sigma.value(z);
        }
    }

    @Override
    public String toString() {
        return describe("");
    }
}
