package io.github.pontryagin.adjoint;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * The heavy-ball network (HB-Net), a two-step layer designed from Polyak's heavy-ball method (Lin, "Optimization and
 * deep neural networks", 2019, the HB-Net update (16)):
 * <pre>
 *   x_{n+1} = β₁ x_n + h f(x_n; θ_n) + β₂ x_{n−1}
 * </pre>
 * with learnable {@code β₁, β₂} per layer (stored after the field's parameters of the layer: {@code β₁, β₂}). The
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
final class HeavyBallUpdate extends LayerUpdate {

    static final HeavyBallUpdate INSTANCE = new HeavyBallUpdate();

    private HeavyBallUpdate() {
    }

    @Override
    public String name() {
        return "hb-net";
    }

    @Override
    public int stages() {
        return 1;
    }

    @Override
    public boolean usesStepSizes() {
        return true;
    }

    @Override
    public int stateDimension(VectorField field) {
        return 2 * field.dimension();
    }

    @Override
    public int layerParameterCount() {
        return 2;
    }

    @Override
    void requirePartitionedForm() {
        // one stage: the SPRK form is the reverse form
    }

    @Override
    void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m, double[] stageY,
              double[] stageK, int stageOffset, Workspace work) {
        int dm = y.length;
        int half = dm / 2;
        int coefficients = thetaOffset + field.parameterCount();
        double beta1 = theta[coefficients];
        double beta2 = theta[coefficients + 1];
        System.arraycopy(y, 0, stageY, stageOffset, dm);
        double[] k = work.stageOut;
        field.apply(theta, thetaOffset, y, m, k, work.fieldWork);
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
        int dm = p.length;
        int half = dm / 2;
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
        System.arraycopy(tape.stageY, stageOffset, work.stageIn, 0, dm);
        System.arraycopy(tape.stageK, stageOffset, work.stageValue, 0, half);
        field.vjpWithValue(theta, thetaOffset, work.stageIn, work.stageValue, nu, m, work.stageOut, gradTheta,
                thetaOffset, work.fieldWork);
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
                     double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta) {
        rejectParameterDirection(dtheta);
        // v_x⁺ = β₁ v_x + h ∂f(x_n) v_x + δh K + β₂ v_prev,  v_prev⁺ = v_x
        int dm = v.length;
        int half = dm / 2;
        int coefficients = thetaOffset + field.parameterCount();
        double beta1 = theta[coefficients];
        double beta2 = theta[coefficients + 1];
        double[] primal = java.util.Arrays.copyOfRange(tape.stageY, stageOffset, stageOffset + dm);
        double[] out = new double[dm];
        field.jvp(theta, thetaOffset, primal, v, m, out, new double[field.workspaceSize(m)]);
        for (int q = 0; q < half; q++) {
            next[q] = beta1 * v[q] + h * out[q] + dh * tape.stageK[stageOffset + q] + beta2 * v[half + q];
            next[half + q] = v[q];
        }
    }
}
