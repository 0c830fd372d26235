package io.github.pontryagin.adjoint;

import java.util.Arrays;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * The AGD-Net layer, designed from Nesterov's accelerated gradient method (Li, Yang, Chen and Lin, "Optimization
 * algorithm inspired deep neural network structure design", ACML 2018, update (18)), with dense connections to every
 * earlier state: layer {@code n} evaluates {@code K_n = f(x_n; θ_n)} once and combines every state and every slope
 * so far,
 * <pre>
 *   x_{n+1} = Σ_{j≤n} β_{n,j} x_j + h_n Σ_{j≤n} α_{n,j} K_j,
 * </pre>
 * with learnable {@code α_{n,j}, β_{n,j}}. {@code α_{n,n} = β_{n,n} = 1} and the rest 0 (the initial values) is the
 * Euler ResNet layer, bit for bit; {@code β = 0}, {@code α = 1} is the DenseNet-style layer
 * {@code x_{n+1} = h_n Σ_{j≤n} f(x_j; θ_j)} (every layer's feature reused by all later ones).
 *
 * <p>Layout. The update is made for {@code N} layers ({@link #forLayers}); the layer state has {@code 2N + 1} blocks
 * of the field's dimension {@code d}, feature-major: block 0 the current {@code x_n} (which the head reads), blocks
 * {@code 1 + j} the stored {@code x_j} and blocks {@code 1 + N + j} the stored {@code K_j} ({@code j < N}; zero
 * until layer j writes them). Each layer has {@code 2N} coefficients after the field's parameters:
 * {@code alpha_0 … alpha_{N−1}}, then {@code beta_0 … beta_{N−1}}; those with {@code j > n} do not enter layer n
 * (their gradient is 0). Layer n finds its index as {@code thetaOffset / P}.
 *
 * <p>Exact discrete adjoint (reverse mode), with {@code g} the cotangent of {@code x_{n+1}} (block 0 of {@code p}):
 * <pre>
 *   ∂J/∂β_{n,j} = ⟨g, x_j⟩,  ∂J/∂α_{n,j} = h_n ⟨g, K_j⟩,  ∂J/∂h_n = Σ_j α_{n,j} ⟨g, K_j⟩,
 *   p_{x_j} += β_{n,j} g,  p_{K_j} += h_n α_{n,j} g   (j &lt; n),
 *   p_{x_n} ← p_{x_n} + β_{n,n} g + ∂_y f(x_n)ᵀ ν,  ν = p_{K_n} + h_n α_{n,n} g,  ∂J/∂θ_n = ∂_θ f(x_n)ᵀ ν,
 * </pre>
 * and the slots {@code n} of the incoming state, which the layer overwrites, get cotangent 0. The tangent step takes
 * parameter directions and the second-order adjoint (Hessian–vector products) is the tangent of this step.
 */
final class AgdUpdate extends DenseHistoryUpdate {

    /** The template of the registry: made for a number of layers by {@link #forLayers}. */
    static final AgdUpdate TEMPLATE = new AgdUpdate(0);

    private AgdUpdate(int capacity) {
        super("agd-net", "agdNet", capacity);
    }

    @Override
    AgdUpdate withCapacity(int layers) {
        return new AgdUpdate(layers);
    }

    @Override
    public int stages() {
        return 1;
    }

    @Override
    public int stateDimension(VectorField field) {
        return (2 * capacity + 1) * field.dimension();
    }

    /** {@code α_{n,n} = β_{n,n} = 1}, the rest 0: the Euler ResNet layer. */
    @Override
    public double initialLayerParameter(int layer, int i) {
        return i == layer || i == capacity + layer ? 1.0 : 0.0;
    }

    @Override
    public void completeInitialState(double[] state, int positions) {
        Arrays.fill(state, positions, state.length, 0.0);
    }

    @Override
    void requirePartitionedForm() {
        // one stage: the SPRK form is the reverse form
    }

    /** Stores the whole incoming state as the stage value and {@code K_n} as the stage slope. */
    @Override
    void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m, double[] stageY,
              double[] stageK, int stageOffset, Workspace work) {
        int fd = field.dimension() * m;
        int perLayer = field.parameterCount() + 2 * capacity;
        int n = thetaOffset / perLayer;
        int alpha = thetaOffset + field.parameterCount();
        int beta = alpha + capacity;
        System.arraycopy(y, 0, stageY, stageOffset, y.length);
        double[] k = work.stageOut;
        field.apply(theta, thetaOffset, y, m, k, work.fieldWork);
        System.arraycopy(k, 0, stageK, stageOffset, fd);
        System.arraycopy(y, 0, y, (1 + n) * fd, fd);
        System.arraycopy(k, 0, y, (1 + capacity + n) * fd, fd);
        for (int q = 0; q < fd; q++) {
            double states = 0;
            double slopes = 0;
            for (int j = 0; j <= n; j++) {
                states += theta[beta + j] * y[(1 + j) * fd + q];
                slopes += theta[alpha + j] * y[(1 + capacity + j) * fd + q];
            }
            y[q] = states + h * slopes;
        }
    }

    @Override
    double adjointStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                       Trajectory tape, int stageOffset, Workspace work, boolean partitioned, double[] gradTheta) {
        int fd = field.dimension() * m;
        int perLayer = field.parameterCount() + 2 * capacity;
        int n = thetaOffset / perLayer;
        int alpha = thetaOffset + field.parameterCount();
        int beta = alpha + capacity;
        double[] stageY = tape.stageY;
        double[] g = work.cotangents;
        System.arraycopy(p, 0, g, 0, fd);
        double dh = 0;
        for (int j = 0; j <= n; j++) {
            int xj = j < n ? stageOffset + (1 + j) * fd : stageOffset;
            double gx = DenseKernels.dot(g, 0, stageY, xj, fd);
            double gk = j < n ? DenseKernels.dot(g, 0, stageY, stageOffset + (1 + capacity + j) * fd, fd)
                    : DenseKernels.dot(g, 0, tape.stageK, stageOffset, fd);
            gradTheta[beta + j] += gx;
            gradTheta[alpha + j] += h * gk;
            dh += theta[alpha + j] * gk;
        }
        for (int j = 0; j < n; j++) {
            double b = theta[beta + j];
            double a = h * theta[alpha + j];
            int xj = (1 + j) * fd;
            int kj = (1 + capacity + j) * fd;
            for (int q = 0; q < fd; q++) {
                p[xj + q] += b * g[q];
                p[kj + q] += a * g[q];
            }
        }
        int xn = (1 + n) * fd;
        int kn = (1 + capacity + n) * fd;
        double[] nu = work.nu;
        double an = h * theta[alpha + n];
        for (int q = 0; q < fd; q++) {
            nu[q] = p[kn + q] + an * g[q];
        }
        System.arraycopy(stageY, stageOffset, work.stageIn, 0, fd);
        System.arraycopy(tape.stageK, stageOffset, work.stageValue, 0, fd);
        field.vjpWithValue(theta, thetaOffset, work.stageIn, work.stageValue, nu, m, work.stageOut, gradTheta,
                thetaOffset, work.fieldWork);
        double bn = theta[beta + n];
        for (int q = 0; q < fd; q++) {
            p[q] = (p[xn + q] + bn * g[q]) + work.stageOut[q];
            p[xn + q] = 0.0;
            p[kn + q] = 0.0;
        }
        return dh;
    }

    /**
     * {@code δK_n = ∂_y f(x_n) v_0 + ∂_θ f(x_n) δθ_n}; the slots {@code n} take {@code v_0} and {@code δK_n}, and
     * {@code δx_{n+1} = Σ_j (β δx_j + δβ x_j) + h Σ_j (α δK_j + δα K_j) + δh Σ_j α K_j}.
     */
    @Override
    void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                     double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta,
                     SecondOrderScratch scratch) {
        int fd = field.dimension() * m;
        int dm = v.length;
        int perLayer = field.parameterCount() + 2 * capacity;
        int n = thetaOffset / perLayer;
        int alpha = thetaOffset + field.parameterCount();
        int beta = alpha + capacity;
        double[] primal = scratch.copy(100, tape.stageY, stageOffset, stageOffset + dm);
        System.arraycopy(primal, 0, primal, (1 + n) * fd, fd);
        System.arraycopy(tape.stageK, stageOffset, primal, (1 + capacity + n) * fd, fd);
        double[] dK = scratch.zeros(0, dm);
        field.jvp(theta, thetaOffset, primal, v, m, dK, scratch.fieldWork);
        if (dtheta != null) {
            double[] parameterPart = scratch.zeros(1, dm);
            field.parameterJvp(theta, thetaOffset, primal, dtheta, thetaOffset, m, parameterPart,
                    scratch.fieldBatches);
            for (int q = 0; q < fd; q++) {
                dK[q] += parameterPart[q];
            }
        }
        System.arraycopy(v, 0, next, 0, dm);
        System.arraycopy(v, 0, next, (1 + n) * fd, fd);
        System.arraycopy(dK, 0, next, (1 + capacity + n) * fd, fd);
        for (int q = 0; q < fd; q++) {
            double sum = 0;
            for (int j = 0; j <= n; j++) {
                int xj = (1 + j) * fd + q;
                int kj = (1 + capacity + j) * fd + q;
                double dAlpha = dtheta == null ? 0 : dtheta[alpha + j];
                double dBeta = dtheta == null ? 0 : dtheta[beta + j];
                sum += theta[beta + j] * next[xj] + dBeta * primal[xj]
                        + h * (theta[alpha + j] * next[kj] + dAlpha * primal[kj]) + dh * theta[alpha + j] * primal[kj];
            }
            next[q] = sum;
        }
    }

    /**
     * The tangent of {@link #adjointStep} (forward over reverse) along {@code (δx_j, δK_j, δh, δθ, δα, δβ)}, with
     * {@code δK_n = ∂_y f(x_n) δx_n + ∂_θ f(x_n) δθ_n} and {@code δg} the tangent of {@code g}:
     * <pre>
     *   δp_{x_j} += δβ_{n,j} g + β_{n,j} δg,   δp_{K_j} += (δh α_{n,j} + h δα_{n,j}) g + h α_{n,j} δg   (j &lt; n),
     *   δν = δp_{K_n} + (δh α_{n,n} + h δα_{n,n}) g + h α_{n,n} δg,
     *   δp_{x_n} ← δp_{x_n} + δβ_{n,n} g + β_{n,n} δg + ∂_y f(x_n)ᵀ δν + [∂²⟨ν, f⟩] (δx_n, δθ_n),
     * </pre>
     * and the tangents of {@code ∂J/∂α, ∂J/∂β, ∂J/∂h} by the product rule.
     */
    @Override
    void secondOrderAdjointStep(VectorField field, double[] theta, int thetaOffset, double h, double dh,
                                double[] dtheta, double[] v, double[] p, double[] dp, int m, Trajectory tape,
                                int stageOffset, double[] gradTheta, double[] dGradTheta, double[] stepOut,
                                SecondOrderScratch scratch) {
        int fd = field.dimension() * m;
        int dm = p.length;
        int perLayer = field.parameterCount() + 2 * capacity;
        int n = thetaOffset / perLayer;
        int alpha = thetaOffset + field.parameterCount();
        int beta = alpha + capacity;
        // primal and tangent values of the slots this layer reads: x_j, K_j (j < n) stored, x_n, K_n of this layer
        double[] primal = scratch.copy(150, tape.stageY, stageOffset, stageOffset + dm);
        System.arraycopy(primal, 0, primal, (1 + n) * fd, fd);
        System.arraycopy(tape.stageK, stageOffset, primal, (1 + capacity + n) * fd, fd);
        double[] tangent = v.clone();
        double[] work = scratch.fieldWork;
        double[] dK = scratch.zeros(50, dm);
        field.jvp(theta, thetaOffset, primal, v, m, dK, work);
        if (dtheta != null) {
            double[] parameterPart = scratch.zeros(51, dm);
            field.parameterJvp(theta, thetaOffset, primal, dtheta, thetaOffset, m, parameterPart,
                    scratch.fieldBatches);
            for (int q = 0; q < fd; q++) {
                dK[q] += parameterPart[q];
            }
        }
        System.arraycopy(v, 0, tangent, (1 + n) * fd, fd);
        System.arraycopy(dK, 0, tangent, (1 + capacity + n) * fd, fd);
        double[] g = Arrays.copyOf(p, fd);
        double[] dg = Arrays.copyOf(dp, fd);
        double stepGradient = 0;
        double stepTangent = 0;
        for (int j = 0; j <= n; j++) {
            int xj = (1 + j) * fd;
            int kj = (1 + capacity + j) * fd;
            double gx = 0;
            double dgx = 0;
            double gk = 0;
            double dgk = 0;
            for (int q = 0; q < fd; q++) {
                gx += g[q] * primal[xj + q];
                dgx += dg[q] * primal[xj + q] + g[q] * tangent[xj + q];
                gk += g[q] * primal[kj + q];
                dgk += dg[q] * primal[kj + q] + g[q] * tangent[kj + q];
            }
            double a = theta[alpha + j];
            double dAlpha = dtheta == null ? 0 : dtheta[alpha + j];
            gradTheta[beta + j] += gx;
            dGradTheta[beta + j] += dgx;
            gradTheta[alpha + j] += h * gk;
            dGradTheta[alpha + j] += dh * gk + h * dgk;
            stepGradient += a * gk;
            stepTangent += dAlpha * gk + a * dgk;
        }
        for (int j = 0; j <= n; j++) {
            double b = theta[beta + j];
            double dBeta = dtheta == null ? 0 : dtheta[beta + j];
            double a = h * theta[alpha + j];
            double da = dh * theta[alpha + j] + h * (dtheta == null ? 0 : dtheta[alpha + j]);
            int xj = (1 + j) * fd;
            int kj = (1 + capacity + j) * fd;
            for (int q = 0; q < fd; q++) {
                p[xj + q] += b * g[q];
                dp[xj + q] += dBeta * g[q] + b * dg[q];
                p[kj + q] += a * g[q];
                dp[kj + q] += da * g[q] + a * dg[q];
            }
        }
        // slot n now holds p_{x_n} + β g and ν = p_{K_n} + h α g: pull ν back through f at x_n
        int xn = (1 + n) * fd;
        int kn = (1 + capacity + n) * fd;
        double[] nu = scratch.zeros(52, dm);
        double[] dnu = scratch.zeros(53, dm);
        System.arraycopy(p, kn, nu, 0, fd);
        System.arraycopy(dp, kn, dnu, 0, fd);
        double[] w = scratch.zeros(54, dm);
        double[] dw = scratch.zeros(55, dm);
        double[] second = scratch.zeros(56, dm);
        field.vjp(theta, thetaOffset, primal, nu, m, w, gradTheta, thetaOffset, work);
        field.vjp(theta, thetaOffset, primal, dnu, m, dw, dGradTheta, thetaOffset, work);
        field.secondOrderVjp(theta, thetaOffset, primal, nu, v, dtheta, thetaOffset, m, second, dGradTheta,
                thetaOffset, scratch.fieldBatches);
        for (int q = 0; q < fd; q++) {
            p[q] = p[xn + q] + w[q];
            dp[q] = dp[xn + q] + dw[q] + second[q];
            p[xn + q] = 0.0;
            dp[xn + q] = 0.0;
            p[kn + q] = 0.0;
            dp[kn + q] = 0.0;
        }
        stepOut[0] = stepGradient;
        stepOut[1] = stepTangent;
    }
}
