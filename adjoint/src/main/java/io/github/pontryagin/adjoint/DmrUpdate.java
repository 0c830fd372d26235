package io.github.pontryagin.adjoint;

import java.util.Arrays;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * The DMRNet layer, designed from ADMM (Li, Yang, Chen and Lin, "Optimization algorithm inspired deep neural network
 * structure design", ACML 2018, update (20)): two streams, the main {@code x} and the branch {@code x'}, each with
 * its own transform, {@code T_n(x) = h_n f(x; θ_n)} and {@code T'_n(x') = h_n f(x'; θ'_n)}, and one dense sum of
 * every earlier state of both streams,
 * <pre>
 *   S_n      = Σ_{j≤n} α_{n,j} x'_j + Σ_{j≤n} β_{n,j} x_j,
 *   x'_{n+1} = S_n + h_n f(x'_n; θ'_n),
 *   x_{n+1}  = S_n + h_n f(x_n; θ_n),
 * </pre>
 * with learnable {@code α_{n,j}, β_{n,j}} per layer and {@code x'_0 = x_0}. The branch field {@code θ'_n} is a
 * second set of the field's parameters ({@link #branchFieldSets()} = 1; with one transform on both streams they
 * would stay equal). {@code α = 0}, {@code β_{n,n} = 1} and the other β 0 (the initial values) make the main stream
 * the Euler ResNet, bit for bit.
 *
 * <p>Layout. The update is made for {@code N} layers ({@link #forLayers}); the layer state has {@code 2N + 2}
 * blocks of the field's dimension {@code d}, feature-major: block 0 the current {@code x_n} (which the head reads),
 * block 1 the current {@code x'_n}, blocks {@code 2 + j} the stored {@code x_j} and blocks {@code 2 + N + j} the
 * stored {@code x'_j} ({@code j < N}; zero until layer j writes them). Each layer's parameters are the field's
 * {@code θ_n} ({@code P}), the branch {@code θ'_n} ({@code P}), then {@code alpha_0 … alpha_{N−1}},
 * {@code beta_0 … beta_{N−1}}; those with {@code j > n} do not enter layer n (gradient 0). Two field evaluations per
 * layer: the stored stage values are the incoming state (stage 0, whose first block is {@code x_n}) and
 * {@code x'_n} (stage 1), the stage slopes {@code K = f(x_n; θ_n)} (stage 0) and {@code K' = f(x'_n; θ'_n)}
 * (stage 1).
 *
 * <p>Exact discrete adjoint, with {@code g, g'} the cotangents of {@code x_{n+1}, x'_{n+1}} and {@code σ = g + g'}
 * the cotangent of {@code S_n}:
 * <pre>
 *   ∂J/∂α_{n,j} = ⟨σ, x'_j⟩,  ∂J/∂β_{n,j} = ⟨σ, x_j⟩,  ∂J/∂h_n = ⟨g, K⟩ + ⟨g', K'⟩,
 *   p_{x_j} += β_{n,j} σ,  p_{x'_j} += α_{n,j} σ   (j &lt; n),
 *   p_{x_n} ← p_{x_n} + β_{n,n} σ + ∂_y f(x_n; θ_n)ᵀ (h g),       ∂J/∂θ_n  = ∂_θ f(x_n; θ_n)ᵀ (h g),
 *   p_{x'_n} ← p_{x'_n} + α_{n,n} σ + ∂_y f(x'_n; θ'_n)ᵀ (h g'),  ∂J/∂θ'_n = ∂_θ f(x'_n; θ'_n)ᵀ (h g'),
 * </pre>
 * and the slots {@code n} of the incoming state (which the layer overwrites) get cotangent 0. The tangent step
 * takes parameter directions and the second-order adjoint (Hessian–vector products) is the tangent of this step.
 */
final class DmrUpdate extends DenseHistoryUpdate {

    /** The template of the registry: made for a number of layers by {@link #forLayers}. */
    static final DmrUpdate TEMPLATE = new DmrUpdate(0);

    private DmrUpdate(int capacity) {
        super("dmr-net", "dmrNet", capacity);
    }

    @Override
    DmrUpdate withCapacity(int layers) {
        return new DmrUpdate(layers);
    }

    @Override
    public int stages() {
        return 2;
    }

    @Override
    public int stateDimension(VectorField field) {
        return (2 * capacity + 2) * field.dimension();
    }

    @Override
    public int branchFieldSets() {
        return 1;
    }

    /** {@code β_{n,n} = 1}, the rest 0: the main stream is the Euler ResNet. */
    @Override
    public double initialLayerParameter(int layer, int i) {
        return i == capacity + layer ? 1.0 : 0.0;
    }

    /** {@code x'_0 = x_0}; the stored states are zero. */
    @Override
    public void completeInitialState(double[] state, int positions) {
        System.arraycopy(state, 0, state, positions, positions);
        Arrays.fill(state, 2 * positions, state.length, 0.0);
    }

    /** {@code x'_0 = x_0}: the cotangent of {@code x_0} is {@code p_x + p_{x'}}. */
    @Override
    public void foldInitialCostate(double[] costate, int positions) {
        for (int q = 0; q < positions; q++) {
            costate[q] += costate[positions + q];
        }
    }

    @Override
    void requirePartitionedForm() {
        // the stages are independent (no stage feeds another): the SPRK form is the reverse form
    }

    /** Offsets of layer n's parts, {@code {n, θ', α, β}} (allocates: for the tangent passes). */
    private int[] offsets(VectorField field, int thetaOffset) {
        int p = field.parameterCount();
        int perLayer = 2 * p + 2 * capacity;
        int n = thetaOffset / perLayer;
        int alpha = thetaOffset + 2 * p;
        return new int[] {n, thetaOffset + p, alpha, alpha + capacity};
    }

    @Override
    void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m, double[] stageY,
              double[] stageK, int stageOffset, Workspace work) {
        int fd = field.dimension() * m;
        int dm = y.length;
        int p = field.parameterCount();
        int n = thetaOffset / (2 * p + 2 * capacity);
        int branch = thetaOffset + p;
        int alpha = thetaOffset + 2 * p;
        int beta = alpha + capacity;
        System.arraycopy(y, 0, stageY, stageOffset, dm);
        // the second stage's value (the branch field's input) for DiscreteFlow.stageValues; the adjoint reads stage 0
        System.arraycopy(y, fd, stageY, stageOffset + dm, fd);
        field.apply(theta, thetaOffset, y, m, work.stageOut, work.fieldWork);
        System.arraycopy(work.stageOut, 0, stageK, stageOffset, fd);
        System.arraycopy(y, fd, work.stageIn, 0, fd);
        field.apply(theta, branch, work.stageIn, m, work.stageOut, work.fieldWork);
        System.arraycopy(work.stageOut, 0, stageK, stageOffset + dm, fd);
        System.arraycopy(y, 0, y, (2 + n) * fd, fd);
        System.arraycopy(y, fd, y, (2 + capacity + n) * fd, fd);
        for (int q = 0; q < fd; q++) {
            double sum = 0;
            for (int j = 0; j <= n; j++) {
                sum += theta[beta + j] * y[(2 + j) * fd + q];
                sum += theta[alpha + j] * y[(2 + capacity + j) * fd + q];
            }
            // S + h K: with α = 0, β_{n,n} = 1 the bits of the Euler step x + h K
            y[q] = sum + h * stageK[stageOffset + q];
            y[fd + q] = sum + h * stageK[stageOffset + dm + q];
        }
    }

    @Override
    double adjointStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                       Trajectory tape, int stageOffset, Workspace work, boolean partitioned, double[] gradTheta) {
        int fd = field.dimension() * m;
        int dm = p.length;
        int fieldCount = field.parameterCount();
        int n = thetaOffset / (2 * fieldCount + 2 * capacity);
        int branch = thetaOffset + fieldCount;
        int alpha = thetaOffset + 2 * fieldCount;
        int beta = alpha + capacity;
        double[] stageY = tape.stageY;
        double[] stageK = tape.stageK;
        double[] sigma = work.cotangents;
        for (int q = 0; q < fd; q++) {
            sigma[q] = p[q] + p[fd + q];
        }
        double dh = DenseKernels.dot(p, 0, stageK, stageOffset, fd)
                + DenseKernels.dot(p, fd, stageK, stageOffset + dm, fd);
        for (int j = 0; j <= n; j++) {
            int xj = j < n ? stageOffset + (2 + j) * fd : stageOffset;
            int xbj = j < n ? stageOffset + (2 + capacity + j) * fd : stageOffset + fd;
            gradTheta[beta + j] += DenseKernels.dot(sigma, 0, stageY, xj, fd);
            gradTheta[alpha + j] += DenseKernels.dot(sigma, 0, stageY, xbj, fd);
        }
        for (int j = 0; j < n; j++) {
            double b = theta[beta + j];
            double a = theta[alpha + j];
            int xj = (2 + j) * fd;
            int xbj = (2 + capacity + j) * fd;
            for (int q = 0; q < fd; q++) {
                p[xj + q] += b * sigma[q];
                p[xbj + q] += a * sigma[q];
            }
        }
        int xn = (2 + n) * fd;
        int xbn = (2 + capacity + n) * fd;
        double[] nu = work.nu;
        // the main stream: ν = h g, pulled back through f(·; θ_n) at x_n
        for (int q = 0; q < fd; q++) {
            nu[q] = h * p[q];
        }
        System.arraycopy(stageY, stageOffset, work.stageIn, 0, fd);
        System.arraycopy(stageK, stageOffset, work.stageValue, 0, fd);
        field.vjpWithValue(theta, thetaOffset, work.stageIn, work.stageValue, nu, m, work.stageOut, gradTheta,
                thetaOffset, work.fieldWork);
        double bn = theta[beta + n];
        for (int q = 0; q < fd; q++) {
            p[q] = (p[xn + q] + bn * sigma[q]) + work.stageOut[q];
        }
        // the branch: ν' = h g', pulled back through f(·; θ'_n) at x'_n
        for (int q = 0; q < fd; q++) {
            nu[q] = h * p[fd + q];
        }
        System.arraycopy(stageY, stageOffset + fd, work.stageIn, 0, fd);
        System.arraycopy(stageK, stageOffset + dm, work.stageValue, 0, fd);
        field.vjpWithValue(theta, branch, work.stageIn, work.stageValue, nu, m, work.stageOut, gradTheta, branch,
                work.fieldWork);
        double an = theta[alpha + n];
        for (int q = 0; q < fd; q++) {
            p[fd + q] = (p[xbn + q] + an * sigma[q]) + work.stageOut[q];
            p[xn + q] = 0.0;
            p[xbn + q] = 0.0;
        }
        return dh;
    }

    /** The stored incoming state with the slots n filled as the layer fills them (allocates). */
    private double[] primal(Trajectory tape, int stageOffset, int dm, int fd, int n) {
        double[] primal = Arrays.copyOfRange(tape.stageY, stageOffset, stageOffset + dm);
        System.arraycopy(primal, 0, primal, (2 + n) * fd, fd);
        System.arraycopy(primal, fd, primal, (2 + capacity + n) * fd, fd);
        return primal;
    }

    /** Block {@code from} of {@code a} (fd entries) at the front of a new array of {@code a}'s length. */
    private static double[] front(double[] a, int from, int fd) {
        double[] out = new double[a.length];
        System.arraycopy(a, from, out, 0, fd);
        return out;
    }

    /** {@code ∂_y f(y; θ) v + ∂_θ f(y; θ) δθ} at the field's parameters from {@code at} (allocates). */
    private static double[] slopeTangent(VectorField field, double[] theta, int at, double[] y, double[] v,
                                         double[] dtheta, int m) {
        double[] out = new double[y.length];
        field.jvp(theta, at, y, v, m, out, new double[field.workspaceSize(m)]);
        if (dtheta != null) {
            double[] parameterPart = new double[y.length];
            field.parameterJvp(theta, at, y, dtheta, at, m, parameterPart);
            int fd = field.dimension() * m;
            for (int q = 0; q < fd; q++) {
                out[q] += parameterPart[q];
            }
        }
        return out;
    }

    /**
     * {@code δK = ∂_y f(x_n) δx_n + ∂_θ f(x_n) δθ_n}, {@code δK'} likewise on the branch; the slots {@code n} take
     * {@code δx_n, δx'_n}; {@code δS = Σ_j (β δx_j + δβ x_j + α δx'_j + δα x'_j)} and
     * {@code δx_{n+1} = δS + h δK + δh K}, {@code δx'_{n+1} = δS + h δK' + δh K'}.
     */
    @Override
    void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                     double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta,
                     SecondOrderScratch scratch) {
        int fd = field.dimension() * m;
        int dm = v.length;
        int[] at = offsets(field, thetaOffset);
        int n = at[0];
        int alpha = at[2];
        int beta = at[3];
        double[] primal = primal(tape, stageOffset, dm, fd, n);
        double[] dK = slopeTangent(field, theta, thetaOffset, primal, v, dtheta, m);
        double[] dKb = slopeTangent(field, theta, at[1], front(primal, fd, fd), front(v, fd, fd), dtheta, m);
        System.arraycopy(v, 0, next, 0, dm);
        System.arraycopy(v, 0, next, (2 + n) * fd, fd);
        System.arraycopy(v, fd, next, (2 + capacity + n) * fd, fd);
        for (int q = 0; q < fd; q++) {
            double sum = 0;
            for (int j = 0; j <= n; j++) {
                int xj = (2 + j) * fd + q;
                int xbj = (2 + capacity + j) * fd + q;
                double dAlpha = dtheta == null ? 0 : dtheta[alpha + j];
                double dBeta = dtheta == null ? 0 : dtheta[beta + j];
                sum += theta[beta + j] * next[xj] + dBeta * primal[xj]
                        + theta[alpha + j] * next[xbj] + dAlpha * primal[xbj];
            }
            double k = tape.stageK[stageOffset + q];
            double kb = tape.stageK[stageOffset + dm + q];
            next[q] = sum + h * dK[q] + dh * k;
            next[fd + q] = sum + h * dKb[q] + dh * kb;
        }
    }

    /**
     * The tangent of {@link #adjointStep} (forward over reverse) along {@code (δx_j, δx'_j, δh, δθ, δθ', δα, δβ)},
     * with {@code δσ = δg + δg'}:
     * <pre>
     *   δp_{x_j} += δβ_{n,j} σ + β_{n,j} δσ,   δp_{x'_j} += δα_{n,j} σ + α_{n,j} δσ,
     *   δp_{x_n} ← δp_{x_n} + ∂_y fᵀ(δh g + h δg) + [∂²⟨h g, f⟩](δx_n, δθ_n)   (and the branch likewise),
     *   δ(∂J/∂h_n) = ⟨δg, K⟩ + ⟨g, δK⟩ + ⟨δg', K'⟩ + ⟨g', δK'⟩,
     * </pre>
     * and the tangents of {@code ∂J/∂α, ∂J/∂β} by the product rule.
     */
    @Override
    void secondOrderAdjointStep(VectorField field, double[] theta, int thetaOffset, double h, double dh,
                                double[] dtheta, double[] v, double[] p, double[] dp, int m, Trajectory tape,
                                int stageOffset, double[] gradTheta, double[] dGradTheta, double[] stepOut,
                                SecondOrderScratch scratch) {
        int fd = field.dimension() * m;
        int dm = p.length;
        int[] at = offsets(field, thetaOffset);
        int n = at[0];
        int branch = at[1];
        int alpha = at[2];
        int beta = at[3];
        double[] primal = primal(tape, stageOffset, dm, fd, n);
        double[] tangent = v.clone();
        System.arraycopy(v, 0, tangent, (2 + n) * fd, fd);
        System.arraycopy(v, fd, tangent, (2 + capacity + n) * fd, fd);
        double[] xb = front(primal, fd, fd);
        double[] dxb = front(v, fd, fd);
        double[] dK = slopeTangent(field, theta, thetaOffset, primal, v, dtheta, m);
        double[] dKb = slopeTangent(field, theta, branch, xb, dxb, dtheta, m);
        double[] sigma = new double[fd];
        double[] dSigma = new double[fd];
        double stepGradient = 0;
        double stepTangent = 0;
        for (int q = 0; q < fd; q++) {
            sigma[q] = p[q] + p[fd + q];
            dSigma[q] = dp[q] + dp[fd + q];
            double k = tape.stageK[stageOffset + q];
            double kb = tape.stageK[stageOffset + dm + q];
            stepGradient += p[q] * k + p[fd + q] * kb;
            stepTangent += dp[q] * k + p[q] * dK[q] + dp[fd + q] * kb + p[fd + q] * dKb[q];
        }
        for (int j = 0; j <= n; j++) {
            int xj = (2 + j) * fd;
            int xbj = (2 + capacity + j) * fd;
            double sx = 0;
            double dsx = 0;
            double sxb = 0;
            double dsxb = 0;
            for (int q = 0; q < fd; q++) {
                sx += sigma[q] * primal[xj + q];
                dsx += dSigma[q] * primal[xj + q] + sigma[q] * tangent[xj + q];
                sxb += sigma[q] * primal[xbj + q];
                dsxb += dSigma[q] * primal[xbj + q] + sigma[q] * tangent[xbj + q];
            }
            gradTheta[beta + j] += sx;
            dGradTheta[beta + j] += dsx;
            gradTheta[alpha + j] += sxb;
            dGradTheta[alpha + j] += dsxb;
        }
        for (int j = 0; j <= n; j++) {
            double b = theta[beta + j];
            double a = theta[alpha + j];
            double dBeta = dtheta == null ? 0 : dtheta[beta + j];
            double dAlpha = dtheta == null ? 0 : dtheta[alpha + j];
            int xj = (2 + j) * fd;
            int xbj = (2 + capacity + j) * fd;
            for (int q = 0; q < fd; q++) {
                p[xj + q] += b * sigma[q];
                dp[xj + q] += dBeta * sigma[q] + b * dSigma[q];
                p[xbj + q] += a * sigma[q];
                dp[xbj + q] += dAlpha * sigma[q] + a * dSigma[q];
            }
        }
        // slot n now holds p_{x_n} + β σ and p_{x'_n} + α σ: pull h g and h g' back through the two transforms
        double[][] main = pullBack(field, theta, thetaOffset, primal, p, dp, 0, v, dtheta, h, dh, m, gradTheta,
                dGradTheta);
        double[][] side = pullBack(field, theta, branch, xb, p, dp, fd, dxb, dtheta, h, dh, m, gradTheta,
                dGradTheta);
        int xn = (2 + n) * fd;
        int xbn = (2 + capacity + n) * fd;
        for (int q = 0; q < fd; q++) {
            p[q] = p[xn + q] + main[0][q];
            dp[q] = dp[xn + q] + main[1][q];
            p[fd + q] = p[xbn + q] + side[0][q];
            dp[fd + q] = dp[xbn + q] + side[1][q];
            p[xn + q] = 0.0;
            dp[xn + q] = 0.0;
            p[xbn + q] = 0.0;
            dp[xbn + q] = 0.0;
        }
        stepOut[0] = stepGradient;
        stepOut[1] = stepTangent;
    }

    /**
     * {@code {∂_y fᵀ ν, ∂_y fᵀ δν + second-order term}} for {@code ν = h g}, {@code δν = δh g + h δg} with
     * {@code g = p[from ..]}, adding the θ parts at {@code at} to the gradients (allocates).
     */
    private static double[][] pullBack(VectorField field, double[] theta, int at, double[] y, double[] p,
                                       double[] dp, int from, double[] dy, double[] dtheta, double h, double dh,
                                       int m, double[] gradTheta, double[] dGradTheta) {
        int fd = field.dimension() * m;
        int dm = p.length;
        double[] nu = new double[dm];
        double[] dnu = new double[dm];
        for (int q = 0; q < fd; q++) {
            nu[q] = h * p[from + q];
            dnu[q] = dh * p[from + q] + h * dp[from + q];
        }
        double[] work = new double[field.workspaceSize(m)];
        double[] w = new double[dm];
        double[] dw = new double[dm];
        double[] second = new double[dm];
        field.vjp(theta, at, y, nu, m, w, gradTheta, at, work);
        field.vjp(theta, at, y, dnu, m, dw, dGradTheta, at, work);
        field.secondOrderVjp(theta, at, y, nu, dy, dtheta, at, m, second, dGradTheta, at);
        for (int q = 0; q < fd; q++) {
            dw[q] += second[q];
        }
        return new double[][] {w, dw};
    }
}
