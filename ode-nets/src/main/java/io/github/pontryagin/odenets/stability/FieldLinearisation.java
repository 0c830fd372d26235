package io.github.pontryagin.odenets.stability;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.Antisymmetric;
import io.github.pontryagin.core.field.Hamiltonian;
import io.github.pontryagin.core.field.NegativeGradient;
import io.github.pontryagin.core.field.SigmaAffine;
import io.github.pontryagin.core.field.TwoLayer;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.odenets.Parameters;

/**
 * One layer's field written as {@code f(y) = B σ(C y + β) + const}, so that its Jacobian is
 * {@code ∂_y f = B D C} with {@code D = diag(σ'(C y + β))} ({@code docs/theory.md} §1):
 * <ul>
 *   <li>sigma-affine {@code σ(K y + β)}: {@code B = I, C = K};</li>
 *   <li>antisymmetric {@code σ((K − Kᵀ − γI) y + β)}: {@code B = I, C = K − Kᵀ − γI};</li>
 *   <li>gradient {@code −Kᵀ σ(K y + β)}: {@code B = −Kᵀ, C = K} (so {@code BDC = −KᵀDK} is symmetric);</li>
 *   <li>two-layer {@code A₂ σ(A₁ y + β₁) + β₂}: {@code B = A₂, C = A₁};</li>
 *   <li>hamiltonian {@code (K₁ᵀσ(K₁p + β₁), −K₂ᵀσ(K₂q + β₂))}: {@code B = diag(K₁ᵀ, −K₂ᵀ)},
 *       {@code C = [[0, K₁], [K₂, 0]]}.</li>
 * </ul>
 *
 * @param b    d × w
 * @param c    w × d
 * @param beta length w
 */
record FieldLinearisation(DMatrixRMaj b, DMatrixRMaj c, double[] beta) {

    /** The hidden width w (the size of D). */
    int width() {
        return beta.length;
    }

    /** The Jacobian {@code B diag(slopes) C} into {@code out} (d × d); {@code scaled} is w × d scratch. */
    void jacobian(double[] slopes, DMatrixRMaj scaled, DMatrixRMaj out) {
        scaled.setTo(c);
        for (int r = 0; r < c.numRows; r++) {
            for (int j = 0; j < c.numCols; j++) {
                scaled.data[r * c.numCols + j] *= slopes[r];
            }
        }
        CommonOps_DDRM.mult(b, scaled, out);
    }

    /** {@code z = C y + β} at point k of a feature-major batch of m, into {@code z}. */
    void preActivation(double[] y, int k, int m, double[] z) {
        int d = c.numCols;
        for (int r = 0; r < beta.length; r++) {
            double sum = beta[r];
            for (int j = 0; j < d; j++) {
                sum += c.data[r * d + j] * y[j * m + k];
            }
            z[r] = sum;
        }
    }

    /**
     * Layer n of a built-in family from the parameter vector {@code u}.
     *
     * @throws IllegalArgumentException for a user-supplied field (its Jacobian has no known structure)
     */
    static FieldLinearisation of(VectorField field, Parameters layout, int n, double[] u) {
        return of(field, layout, n, u, -1);
    }

    /**
     * As {@link #of(VectorField, Parameters, int, double[])} for branch set {@code set} of the field's parameters
     * (DMRNet's {@code θ'_n}, blocks {@code K'}, {@code beta'}; {@code set = -1}: the field's own blocks).
     */
    static FieldLinearisation of(VectorField field, Parameters layout, int n, double[] u, int set) {
        Parameters.Layer own = layout.layer(n);
        java.util.function.Function<String, Parameters.Block> layer = set < 0 ? own::block
                : name -> own.block(io.github.pontryagin.adjoint.LayerUpdate.branchBlockName(name, set));
        int d = field.dimension();
        if (field instanceof SigmaAffine || field instanceof Antisymmetric) {
            DMatrixRMaj k = matrix(layer.apply("K"), u);
            DMatrixRMaj c = k;
            if (field instanceof Antisymmetric anti) {
                c = new DMatrixRMaj(d, d);
                CommonOps_DDRM.transpose(k, c);
                CommonOps_DDRM.subtract(k, c, c);
                for (int i = 0; i < d; i++) {
                    c.add(i, i, -anti.gamma());
                }
            }
            return new FieldLinearisation(CommonOps_DDRM.identity(d), c, vector(layer.apply("beta"), u));
        }
        if (field instanceof NegativeGradient) {
            DMatrixRMaj k = matrix(layer.apply("K"), u);
            DMatrixRMaj b = new DMatrixRMaj(k.numCols, k.numRows);
            CommonOps_DDRM.transpose(k, b);
            CommonOps_DDRM.scale(-1, b);
            return new FieldLinearisation(b, k, vector(layer.apply("beta"), u));
        }
        if (field instanceof TwoLayer) {
            return new FieldLinearisation(matrix(layer.apply("A2"), u), matrix(layer.apply("A1"), u),
                    vector(layer.apply("beta1"), u));
        }
        if (field instanceof Hamiltonian) {
            DMatrixRMaj k1 = matrix(layer.apply("K1"), u);
            DMatrixRMaj k2 = matrix(layer.apply("K2"), u);
            int w = k1.numRows;
            int half = d / 2;
            DMatrixRMaj b = new DMatrixRMaj(d, 2 * w);
            DMatrixRMaj c = new DMatrixRMaj(2 * w, d);
            for (int r = 0; r < w; r++) {
                for (int j = 0; j < half; j++) {
                    b.set(j, r, k1.get(r, j));              // q' = K₁ᵀ σ(z₁)
                    b.set(half + j, w + r, -k2.get(r, j));  // p' = −K₂ᵀ σ(z₂)
                    c.set(r, half + j, k1.get(r, j));       // z₁ = K₁ p + β₁
                    c.set(w + r, j, k2.get(r, j));          // z₂ = K₂ q + β₂
                }
            }
            double[] beta1 = vector(layer.apply("beta1"), u);
            double[] beta2 = vector(layer.apply("beta2"), u);
            double[] beta = new double[2 * w];
            System.arraycopy(beta1, 0, beta, 0, w);
            System.arraycopy(beta2, 0, beta, w, w);
            return new FieldLinearisation(b, c, beta);
        }
        throw new IllegalArgumentException("stability analysis needs a built-in field family (sigma-affine, gradient,"
                + " antisymmetric, two-layer, hamiltonian); got '" + field.family() + "'");
    }

    private static DMatrixRMaj matrix(Parameters.Block block, double[] u) {
        DMatrixRMaj m = new DMatrixRMaj(block.rows(), block.cols());
        System.arraycopy(u, block.offset(), m.data, 0, block.size());
        return m;
    }

    private static double[] vector(Parameters.Block block, double[] u) {
        return java.util.Arrays.copyOfRange(u, block.offset(), block.end());
    }

    /** The closed range {@code [inf σ', sup σ']} of the activation's derivative over ℝ. */
    static double[] slopeRange(Activation sigma) {
        return switch (sigma) {
            case TANH, SOFTPLUS, RELU -> new double[] {0, 1};
            case SIGMOID -> new double[] {0, 0.25};
            case IDENTITY -> new double[] {1, 1};
        };
    }
}
