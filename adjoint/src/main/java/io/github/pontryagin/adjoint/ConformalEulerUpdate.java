package io.github.pontryagin.adjoint;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * A layer of the damped second-order ODE {@code ÿ + γ ẏ = f(y; θ)}, written as {@code ẏ = v},
 * {@code v̇ = f(y) − γ v}, discretized by conformal symplectic Euler — the scheme that gives heavy ball in
 * training (docs/theory.md §3.2; McLachlan and Perlmutter 2001):
 * <pre>
 *   v⁺ = e^{−γh} v + h f(y; θ_n),     y⁺ = y + h v⁺
 * </pre>
 * with a learnable damping {@code γ_n} per layer (stored after the field's parameters of the layer). The state is
 * {@code (y, v)}, twice the field's dimension, {@code y} first. Eliminating {@code v} gives HB-Net,
 * {@code y_{n+1} = (1 + μ) y_n − μ y_{n−1} + h² f(y_n)} with {@code μ = e^{−γh}} (Lin 2019, (16)).
 *
 * <p>Exact discrete adjoint, with {@code p = (p_y, p_v)} the cotangent of {@code (y⁺, v⁺)}, {@code K = f(y)}:
 * <pre>
 *   a = p_v + h p_y,   p_y ← p_y + ∂_y f(y)ᵀ (h a),   p_v ← μ a,
 *   ∂J/∂θ_n = ∂_θ f(y)ᵀ (h a),   ∂J/∂h_n = ⟨p_y, v⁺⟩ + ⟨a, K⟩ − γ μ ⟨a, v⟩,   ∂J/∂γ_n = −h μ ⟨a, v⟩.
 * </pre>
 */
final class ConformalEulerUpdate extends DampedSecondOrderUpdate {

    static final ConformalEulerUpdate INSTANCE = new ConformalEulerUpdate();

    private ConformalEulerUpdate() {
        super("conformal-euler");
    }

    /** Stores {@code (y, v)} as the stage value and {@code (K, v⁺)} as the stage slope. */
    @Override
    void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m, double[] stageY,
              double[] stageK, int stageOffset, Workspace work) {
        int half = y.length / 2;
        double mu = Math.exp(-theta[dampingIndex(field, thetaOffset)] * h);
        evaluate(field, theta, thetaOffset, y, m, stageY, stageOffset, work);
        double[] k = work.stageOut;
        for (int q = 0; q < half; q++) {
            double velocity = mu * y[half + q] + h * k[q];
            y[half + q] = velocity;
            y[q] += h * velocity;
            stageK[stageOffset + q] = k[q];
            stageK[stageOffset + half + q] = velocity;
        }
    }

    @Override
    double adjointStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                       Trajectory tape, int stageOffset, Workspace work, boolean partitioned, double[] gradTheta) {
        int half = p.length / 2;
        int damping = dampingIndex(field, thetaOffset);
        double gamma = theta[damping];
        double mu = Math.exp(-gamma * h);
        double[] stageY = tape.stageY;
        double[] stageK = tape.stageK;
        double dh = DenseKernels.dot(p, 0, stageK, stageOffset + half, half); // ⟨p_y, v⁺⟩
        double[] a = work.nu;
        for (int q = 0; q < half; q++) {
            a[q] = p[half + q] + h * p[q];
        }
        double aDotK = DenseKernels.dot(a, 0, stageK, stageOffset, half);
        double aDotV = DenseKernels.dot(a, 0, stageY, stageOffset + half, half);
        dh += aDotK - gamma * mu * aDotV;
        gradTheta[damping] += -h * mu * aDotV;
        for (int q = 0; q < half; q++) {
            p[half + q] = mu * a[q];
            a[q] *= h;
        }
        pullBack(field, theta, thetaOffset, m, tape, stageOffset, work, gradTheta);
        for (int q = 0; q < half; q++) {
            p[q] += work.stageOut[q];
        }
        return dh;
    }

    @Override
    void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                     double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta,
                     SecondOrderScratch scratch) {
        // δv⁺ = μ δv + δμ v + h δK + δh K with δμ = −μ (h δγ + γ δh),  δy⁺ = δy + h δv⁺ + δh v⁺
        int half = v.length / 2;
        int damping = dampingIndex(field, thetaOffset);
        double gamma = theta[damping];
        double mu = Math.exp(-gamma * h);
        double dMu = -mu * (h * (dtheta == null ? 0 : dtheta[damping]) + gamma * dh);
        double[][] slope = slopeTangent(field, theta, thetaOffset, v, m, tape, stageOffset, dtheta);
        double[] primal = slope[0];
        double[] dK = slope[1];
        for (int q = 0; q < half; q++) {
            double k = tape.stageK[stageOffset + q];
            double velocity = tape.stageK[stageOffset + half + q];
            double dv = mu * v[half + q] + dMu * primal[half + q] + h * dK[q] + dh * k;
            next[half + q] = dv;
            next[q] = v[q] + h * dv + dh * velocity;
        }
    }

    /**
     * The tangent of {@link #adjointStep} along {@code (δy, δv, δh, δθ, δγ)}, with {@code δa = δp_v + h δp_y + δh p_y}
     * and {@code δμ = −μ (h δγ + γ δh)}:
     * <pre>
     *   δp_y ← δp_y + ∂_y f(y)ᵀ (h δa + δh a) + [∂²⟨h a, f⟩] (δy, δθ),   δp_v ← δμ a + μ δa,
     * </pre>
     * and the tangents of {@code ∂J/∂h_n}, {@code ∂J/∂γ_n} by the product rule.
     */
    @Override
    void secondOrderAdjointStep(VectorField field, double[] theta, int thetaOffset, double h, double dh,
                                double[] dtheta, double[] v, double[] p, double[] dp, int m, Trajectory tape,
                                int stageOffset, double[] gradTheta, double[] dGradTheta, double[] stepOut,
                                SecondOrderScratch scratch) {
        int dm = p.length;
        int half = dm / 2;
        int damping = dampingIndex(field, thetaOffset);
        double gamma = theta[damping];
        double dGamma = dtheta == null ? 0 : dtheta[damping];
        double mu = Math.exp(-gamma * h);
        double dMu = -mu * (h * dGamma + gamma * dh);
        double[][] slope = slopeTangent(field, theta, thetaOffset, v, m, tape, stageOffset, dtheta);
        double[] primal = slope[0];
        double[] dK = slope[1];
        double[] k = scratch.copy(150, tape.stageK, stageOffset, stageOffset + half);
        double[] velocityOut = scratch.copy(151, tape.stageK, stageOffset + half, stageOffset + dm);
        double[] velocityIn = scratch.copy(152, primal, half, dm);
        double[] dVelocityIn = scratch.copy(153, v, half, dm);
        double[] dVelocityOut = scratch.zeros(50, half);
        double[] a = scratch.zeros(51, dm);
        double[] da = scratch.zeros(52, dm);
        for (int q = 0; q < half; q++) {
            dVelocityOut[q] = mu * dVelocityIn[q] + dMu * velocityIn[q] + h * dK[q] + dh * k[q];
            a[q] = p[half + q] + h * p[q];
            da[q] = dp[half + q] + h * dp[q] + dh * p[q];
        }
        double aDotK = dot(a, k, 0, half);
        double aDotV = dot(a, velocityIn, 0, half);
        double dADotK = dot(da, k, 0, half) + dot(a, dK, 0, half);
        double dADotV = dot(da, velocityIn, 0, half) + dot(a, dVelocityIn, 0, half);
        stepOut[0] = dot(p, velocityOut, 0, half) + aDotK - gamma * mu * aDotV;
        stepOut[1] = dot(dp, velocityOut, 0, half) + dot(p, dVelocityOut, 0, half) + dADotK
                - (dGamma * mu + gamma * dMu) * aDotV - gamma * mu * dADotV;
        gradTheta[damping] += -h * mu * aDotV;
        dGradTheta[damping] += -(dh * mu + h * dMu) * aDotV - h * mu * dADotV;
        double[][] pulled = scaledPullBackTangent(field, theta, thetaOffset, primal, a, da, h, dh, v, dtheta, m,
                gradTheta, dGradTheta);
        double[] w = pulled[0];
        double[] dw = pulled[1];
        for (int q = 0; q < half; q++) {
            p[q] += w[q];
            dp[q] += dw[q];
            p[half + q] = mu * a[q];
            dp[half + q] = dMu * a[q] + mu * da[q];
        }
    }
}
