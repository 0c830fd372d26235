package io.github.pontryagin.odenets;

/**
 * The optional regularisers of docs/theory.md §1: Tikhonov {@code (λ/2) ‖θ‖²} and smoothness in the layer
 * index {@code (κ/2) Σ_n ‖θ_{n+1} − θ_n‖² / h_n}, the discretisation of {@code ∫ ‖θ̇‖² dt} that favours
 * time-continuous controls (Benning et al. 2019). Both act on the vector field's parameters of each layer, not on
 * a layer update's own coefficients (HB-Net's β₁, β₂, the damping γ), whose neutral values are not 0.
 */
final class Regularizer {

    private final double lambda;
    private final double kappa;
    private final Parameters layout;

    Regularizer(double tikhonov, double smoothness, Parameters layout) {
        this.lambda = tikhonov;
        this.kappa = smoothness;
        this.layout = layout;
    }

    /**
     * The regularisers' value at {@code u} with step sizes {@code h}; adds their gradient to {@code gradOut}
     * when not null (the h-gradient only where h is learned).
     */
    double addTo(double[] u, double[] h, double[] gradOut) {
        double value = 0;
        Parameters.Block theta = layout.theta();
        int fieldCols = layout.fieldParametersPerLayer();
        if (lambda > 0) {
            for (int n = 0; n < theta.rows(); n++) {
                for (int r = 0; r < fieldCols; r++) {
                    int i = theta.index(n, r);
                    double t = u[i];
                    value += 0.5 * lambda * t * t;
                    if (gradOut != null) {
                        gradOut[i] += lambda * t;
                    }
                }
            }
        }
        if (kappa > 0) {
            Parameters.Block steps = layout.stepSizes();
            for (int n = 0; n + 1 < theta.rows(); n++) {
                double squared = 0;
                for (int r = 0; r < fieldCols; r++) {
                    int current = theta.index(n, r);
                    int next = theta.index(n + 1, r);
                    double diff = u[next] - u[current];
                    squared += diff * diff;
                    if (gradOut != null) {
                        gradOut[next] += kappa * diff / h[n];
                        gradOut[current] -= kappa * diff / h[n];
                    }
                }
                value += 0.5 * kappa * squared / h[n];
                if (gradOut != null && !steps.isEmpty()) {
                    gradOut[steps.index(0, n)] -= 0.5 * kappa * squared / (h[n] * h[n]);
                }
            }
        }
        return value;
    }
}
