package io.github.pontryagin.odenets.head;

/**
 * The classifier on top of the final state {@code y_N} and its loss. A head has parameters
 * {@code W ∈ R^{d×K}} (row-major, {@code W[i][c]} at {@code i·K + c}) and {@code μ ∈ R^K}, where
 * {@code K = outputs()}; the loss of a batch is {@code J = (1/M) Σ_m ℓ(y_N^m, c^m)}.
 * Batches are feature-major ({@code y[i*m + k]}).
 */
public interface Head {

    /** The id used on the command line and in model files. */
    String id();

    /** Number of output units K (1 for the binary heads, the number of classes for softmax). */
    int outputs();

    /** Number of classes the labels may take ({@code 0 … classes−1}). */
    int classes();

    default int parameterCount(int dimension) {
        return dimension * outputs() + outputs();
    }

    /**
     * Sum over the batch of the per-point losses ℓ; writes {@code scale · ∂ℓ/∂y_N} into {@code pN}
     * and adds {@code scale · ∂ℓ/∂(W, μ)} to {@code gradOut[gradOffset ..]} (when not null).
     *
     * @param params     the array holding W then μ at {@code offset}
     * @param labels     class labels, {@code labels[labelOffset + k]} for point k
     */
    double lossSum(double[] params, int offset, double[] yN, int d, int m, int[] labels, int labelOffset,
                   double scale, double[] pN, double[] gradOut, int gradOffset);

    /**
     * Class probabilities: {@code out[c*m + k]} for class c of point k ({@code classes()} rows).
     */
    void probabilities(double[] params, int offset, double[] yN, int d, int m, double[] out);
}
