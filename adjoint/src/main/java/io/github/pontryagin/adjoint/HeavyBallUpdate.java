package io.github.pontryagin.adjoint;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * The heavy-ball network (HB-Net), a two-step layer designed from Polyak's heavy-ball method (Lin, "Optimization and
 * deep neural networks", 2019, the HB-Net update (16)):
 * <pre>
 *   x_{n+1} = β₁ x_n + h f(x_n; θ_n) + β₂ x_{n−1}
 * </pre>
 * with learnable {@code β₁, β₂} per layer (stored after the field's parameters of the layer, named {@code hb_beta1},
 * {@code hb_beta2} so that they cannot be taken for the blocks {@code beta1}, {@code beta2} of the two-layer and
 * Hamiltonian fields). The
 * layer state is {@code (x_n, x_{n−1})}, twice the field's dimension {@code d_f}: {@code x_n} in the first
 * {@code d_f·M} entries, {@code x_{n−1}} in the rest (the caller chooses {@code x_{−1}}, e.g. {@code x_0}).
 * {@code β₁ = 1, β₂ = 0} is the Euler (ResNet) layer, bit for bit; {@code β₁ = 1 + μ, β₂ = −μ} with
 * {@code h f} replaced by {@code h² f} is heavy ball with momentum μ.
 *
 * <p>Exact discrete adjoint, with {@code p = (p_x, p_prev)} the cotangent of {@code (x_{n+1}, x_n)} and
 * {@code K = f(x_n)}:
 * <pre>
 *   p_x ← β₁ p_x + ∂_y f(x_n)ᵀ (h p_x) + p_prev,   p_prev ← β₂ p_x (the old p_x),
 *   ∂J/∂θ_n = ∂_θ f(x_n)ᵀ (h p_x),  ∂J/∂β₁ = ⟨p_x, x_n⟩,  ∂J/∂β₂ = ⟨p_x, x_{n−1}⟩,  ∂J/∂h_n = ⟨p_x, K⟩.
 * </pre>
 */
final class HeavyBallUpdate extends MomentumUpdate {

    static final HeavyBallUpdate INSTANCE = new HeavyBallUpdate();

    private HeavyBallUpdate() {
        super("hb-net", java.util.List.of("hb_beta1", "hb_beta2"));
    }

    /** {@code β₁ = 1, β₂ = 0}: the net starts as the Euler ResNet. */
    @Override
    public double initialLayerParameter(int layer, int i) {
        return i == 0 ? 1.0 : 0.0;
    }

    /** {@code x_{−1} = x_0}. */
    @Override
    public void completeInitialState(double[] state, int positions) {
        System.arraycopy(state, 0, state, positions, positions);
    }

    /** {@code x_{−1} = x_0}: the cotangent of {@code x_0} is {@code p_x + p_prev}. */
    @Override
    public void foldInitialCostate(double[] costate, int positions) {
        for (int q = 0; q < positions; q++) {
            costate[q] += costate[positions + q];
        }
    }

    @Override
    void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m, double[] stageY,
              double[] stageK, int stageOffset, Workspace work) {
        int half = y.length / 2;
        int coefficients = thetaOffset + field.parameterCount();
        double beta1 = theta[coefficients];
        double beta2 = theta[coefficients + 1];
        evaluate(field, theta, thetaOffset, y, m, stageY, stageOffset, work);
        double[] k = work.stageOut;
        System.arraycopy(k, 0, stageK, stageOffset, half);
        for (int q = 0; q < half; q++) {
            double x = y[q];
            // (β₁ x + h K) + β₂ x_prev: with β₁ = 1, β₂ = 0 the bits of the Euler step x + h K
            y[q] = (beta1 * x + h * k[q]) + beta2 * y[half + q];
            y[half + q] = x;
        }
    }

    @Override
    double adjointStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                       Trajectory tape, int stageOffset, Workspace work, boolean partitioned, double[] gradTheta) {
        int half = p.length / 2;
        int coefficients = thetaOffset + field.parameterCount();
        double beta1 = theta[coefficients];
        double beta2 = theta[coefficients + 1];
        double dh = DenseKernels.dot(p, 0, tape.stageK, stageOffset, half);
        gradTheta[coefficients] += DenseKernels.dot(p, 0, tape.stageY, stageOffset, half);
        gradTheta[coefficients + 1] += DenseKernels.dot(p, 0, tape.stageY, stageOffset + half, half);
        double[] nu = work.nu;
        for (int q = 0; q < half; q++) {
            nu[q] = h * p[q];
        }
        pullBack(field, theta, thetaOffset, m, tape, stageOffset, work, gradTheta);
        double[] w = work.stageOut;
        for (int q = 0; q < half; q++) {
            double px = p[q];
            p[q] = (beta1 * px + w[q]) + p[half + q];
            p[half + q] = beta2 * px;
        }
        return dh;
    }

    @Override
    void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                     double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta,
                     SecondOrderScratch scratch) {
        // v_x⁺ = β₁ v_x + δβ₁ x + h δK + δh K + β₂ v_prev + δβ₂ x_prev,  v_prev⁺ = v_x
        int half = v.length / 2;
        int coefficients = thetaOffset + field.parameterCount();
        double beta1 = theta[coefficients];
        double beta2 = theta[coefficients + 1];
        double dBeta1 = dtheta == null ? 0 : dtheta[coefficients];
        double dBeta2 = dtheta == null ? 0 : dtheta[coefficients + 1];
        double[][] slope = slopeTangent(field, theta, thetaOffset, v, m, tape, stageOffset, dtheta);
        double[] primal = slope[0];
        double[] dK = slope[1];
        for (int q = 0; q < half; q++) {
            next[q] = beta1 * v[q] + h * dK[q] + dh * tape.stageK[stageOffset + q] + beta2 * v[half + q]
                    + dBeta1 * primal[q] + dBeta2 * primal[half + q];
            next[half + q] = v[q];
        }
    }

    /**
     * The tangent of {@link #adjointStep} along {@code (δx, δx_prev, δh, δθ, δβ₁, δβ₂)}:
     * <pre>
     *   δp_x ← δβ₁ p_x + β₁ δp_x + ∂_x f(x)ᵀ (h δp_x + δh p_x) + [∂²⟨h p_x, f⟩] (δx, δθ) + δp_prev,
     *   δp_prev ← δβ₂ p_x + β₂ δp_x,   δ(∂J/∂β₁) = ⟨δp_x, x⟩ + ⟨p_x, δx⟩,   δ(∂J/∂h) = ⟨δp_x, K⟩ + ⟨p_x, δK⟩.
     * </pre>
     */
    @Override
    void secondOrderAdjointStep(VectorField field, double[] theta, int thetaOffset, double h, double dh,
                                double[] dtheta, double[] v, double[] p, double[] dp, int m, Trajectory tape,
                                int stageOffset, double[] gradTheta, double[] dGradTheta, double[] stepOut,
                                SecondOrderScratch scratch) {
        int dm = p.length;
        int half = dm / 2;
        int coefficients = thetaOffset + field.parameterCount();
        double beta1 = theta[coefficients];
        double beta2 = theta[coefficients + 1];
        double dBeta1 = dtheta == null ? 0 : dtheta[coefficients];
        double dBeta2 = dtheta == null ? 0 : dtheta[coefficients + 1];
        double[][] slope = slopeTangent(field, theta, thetaOffset, v, m, tape, stageOffset, dtheta);
        double[] primal = slope[0];
        double[] dK = slope[1];
        double[] k = scratch.copy(150, tape.stageK, stageOffset, stageOffset + half);
        stepOut[0] = dot(p, k, 0, half);
        stepOut[1] = dot(dp, k, 0, half) + dot(p, dK, 0, half);
        gradTheta[coefficients] += dot(p, primal, 0, half);
        gradTheta[coefficients + 1] += dot(p, primal, half, half);
        dGradTheta[coefficients] += dot(dp, primal, 0, half) + dot(p, v, 0, half);
        dGradTheta[coefficients + 1] += dot(dp, primal, half, half) + dot(p, v, half, half);
        double[][] pulled = scaledPullBackTangent(field, theta, thetaOffset, primal, p, dp, h, dh, v, dtheta, m,
                gradTheta, dGradTheta);
        double[] w = pulled[0];
        double[] dw = pulled[1];
        for (int q = 0; q < half; q++) {
            double px = p[q];
            double dpx = dp[q];
            p[q] = beta1 * px + w[q] + p[half + q];
            dp[q] = dBeta1 * px + beta1 * dpx + dw[q] + dp[half + q];
            p[half + q] = beta2 * px;
            dp[half + q] = dBeta2 * px + beta2 * dpx;
        }
    }
}
