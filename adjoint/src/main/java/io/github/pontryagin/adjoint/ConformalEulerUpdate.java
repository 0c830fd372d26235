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
final class ConformalEulerUpdate extends LayerUpdate {

    static final ConformalEulerUpdate INSTANCE = new ConformalEulerUpdate();

    private ConformalEulerUpdate() {
    }

    @Override
    public String name() {
        return "conformal-euler";
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
        return 1;
    }

    @Override
    void requirePartitionedForm() {
        // one stage: the SPRK form is the reverse form
    }

    /** Stores {@code (y, v)} as the stage value and {@code (K, v⁺)} as the stage slope. */
    @Override
    void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m, double[] stageY,
              double[] stageK, int stageOffset, Workspace work) {
        int dm = y.length;
        int half = dm / 2;
        double mu = Math.exp(-theta[thetaOffset + field.parameterCount()] * h);
        System.arraycopy(y, 0, stageY, stageOffset, dm);
        double[] k = work.stageOut;
        field.apply(theta, thetaOffset, y, m, k, work.fieldWork);
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
        int dm = p.length;
        int half = dm / 2;
        int dampingIndex = thetaOffset + field.parameterCount();
        double gamma = theta[dampingIndex];
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
        gradTheta[dampingIndex] += -h * mu * aDotV;
        for (int q = 0; q < half; q++) {
            p[half + q] = mu * a[q];
            a[q] *= h;
        }
        System.arraycopy(stageY, stageOffset, work.stageIn, 0, dm);
        System.arraycopy(stageK, stageOffset, work.stageValue, 0, half);
        field.vjpWithValue(theta, thetaOffset, work.stageIn, work.stageValue, a, m, work.stageOut, gradTheta,
                thetaOffset, work.fieldWork);
        for (int q = 0; q < half; q++) {
            p[q] += work.stageOut[q];
        }
        return dh;
    }

    @Override
    void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                     double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta) {
        rejectParameterDirection(dtheta);
        // δv⁺ = μ δv + h ∂f(y) δy + δh (K − γ μ v),  δy⁺ = δy + h δv⁺ + δh v⁺
        int dm = v.length;
        int half = dm / 2;
        double gamma = theta[thetaOffset + field.parameterCount()];
        double mu = Math.exp(-gamma * h);
        double[] primal = java.util.Arrays.copyOfRange(tape.stageY, stageOffset, stageOffset + dm);
        double[] out = new double[dm];
        field.jvp(theta, thetaOffset, primal, v, m, out, new double[field.workspaceSize(m)]);
        for (int q = 0; q < half; q++) {
            double k = tape.stageK[stageOffset + q];
            double velocity = tape.stageK[stageOffset + half + q];
            double dv = mu * v[half + q] + h * out[q] + dh * (k - gamma * mu * primal[half + q]);
            next[half + q] = dv;
            next[q] = v[q] + h * dv + dh * velocity;
        }
    }
}
