package io.github.pontryagin.adjoint;

import java.util.Arrays;

import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.kernel.DenseKernels;

/**
 * A layer of the damped second-order ODE {@code ÿ + γ ẏ = f(y; θ)}, written as {@code ẏ = v},
 * {@code v̇ = f(y) − γ v}, discretized by conformal Störmer–Verlet: a Strang splitting of the exact damping
 * {@code v ← e^{−γh/2} v} around a position Störmer–Verlet step of the undamped part (McLachlan and Perlmutter 2001;
 * França, Sulam, Robinson and Vidal 2020; the training scheme of docs/theory.md §3.3 with α = 1), with
 * {@code μ = e^{−γh/2}}:
 * <pre>
 *   w = μ v,   m = y + (h/2) w,   K = f(m; θ_n),   u = w + h K,   y⁺ = m + (h/2) u,   v⁺ = μ u.
 * </pre>
 * One field evaluation per layer, at the midpoint {@code m} with the layer's own {@code θ_n}; second order in h,
 * and its Jacobian on {@code (y, v)} satisfies {@code JᵀΩJ = e^{−γh} Ω} (symplectic for γ = 0) for a gradient
 * field. The learnable damping {@code γ_n} is stored after the field's parameters of the layer; the stage value is
 * {@code (m, v)}, the stage slope {@code (K, u)}. Every sub-step can be undone, for any field, so the layer is
 * reversible ({@link ReversibleAdjoint}; momentum nets as reversible nets: Sander, Ablin, Blondel and Peyré 2021).
 *
 * <p>Exact discrete adjoint (docs/theory.md §2.11), with {@code p = (p_y, p_v)} the cotangent of {@code (y⁺, v⁺)}:
 * <pre>
 *   ū = μ p_v + (h/2) p_y,   m̄ = p_y + ∂_y f(m)ᵀ (h ū),   w̄ = ū + (h/2) m̄,   p_y ← m̄,   p_v ← μ w̄,
 *   ∂J/∂θ_n = ∂_θ f(m)ᵀ (h ū),   G = ⟨p_v, u⟩ + ⟨w̄, v⟩ (= ∂J/∂μ),
 *   ∂J/∂h_n = ½⟨m̄, w⟩ + ⟨ū, K⟩ + ½⟨p_y, u⟩ − ½ γ μ G,   ∂J/∂γ_n = −½ h μ G.
 * </pre>
 */
final class ConformalVerletUpdate extends DampedSecondOrderUpdate {

    static final ConformalVerletUpdate INSTANCE = new ConformalVerletUpdate();

    private ConformalVerletUpdate() {
        super("conformal-verlet");
    }

    /** Moves {@code y} to the midpoint {@code m}, stores {@code (m, v)} and {@code (K, u)}, then completes the step. */
    @Override
    void step(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m, double[] stageY,
              double[] stageK, int stageOffset, Workspace work) {
        int half = y.length / 2;
        double mu = Math.exp(-0.5 * theta[dampingIndex(field, thetaOffset)] * h);
        double halfStep = 0.5 * h;
        for (int q = 0; q < half; q++) {
            y[q] += halfStep * (mu * y[half + q]);
        }
        evaluate(field, theta, thetaOffset, y, m, stageY, stageOffset, work);
        double[] k = work.stageOut;
        for (int q = 0; q < half; q++) {
            double kicked = mu * y[half + q] + h * k[q];
            y[q] += halfStep * kicked;
            y[half + q] = mu * kicked;
            stageK[stageOffset + q] = k[q];
            stageK[stageOffset + half + q] = kicked;
        }
    }

    /** Every sub-step is a shear or a scaling by {@code μ > 0}, so the layer can be undone for any field. */
    @Override
    public boolean isReversible() {
        return true;
    }

    /**
     * {@code (y, v) ← (y_n, v_n)} from {@code (y_{n+1}, v_{n+1})}, the sub-steps undone in reverse order:
     * {@code u = v⁺/μ}, {@code m = y⁺ − (h/2) u}, {@code K = f(m)}, {@code w = u − hK}, {@code y = m − (h/2) w},
     * {@code v = w/μ}; stores {@code (m, v)} and {@code (K, u)} as {@link #step} does. One field evaluation; the
     * division by μ amplifies round-off by {@code e^{γh}} per layer (measured as drift by {@link ReversibleAdjoint}).
     */
    @Override
    void inverseStep(VectorField field, double[] theta, int thetaOffset, double h, double[] y, int m,
                     Trajectory tape, int stageOffset, Workspace work) {
        int half = y.length / 2;
        double mu = Math.exp(-0.5 * theta[dampingIndex(field, thetaOffset)] * h);
        double halfStep = 0.5 * h;
        for (int q = 0; q < half; q++) {
            double kicked = y[half + q] / mu;
            y[q] -= halfStep * kicked;
            y[half + q] = kicked;
        }
        evaluate(field, theta, thetaOffset, y, m, tape.stageY, stageOffset, work);
        double[] k = work.stageOut;
        for (int q = 0; q < half; q++) {
            double kicked = y[half + q];
            double damped = kicked - h * k[q];
            double velocity = damped / mu;
            tape.stageK[stageOffset + q] = k[q];
            tape.stageK[stageOffset + half + q] = kicked;
            tape.stageY[stageOffset + half + q] = velocity;
            y[q] -= halfStep * damped;
            y[half + q] = velocity;
        }
    }

    @Override
    double adjointStep(VectorField field, double[] theta, int thetaOffset, double h, double[] p, int m,
                       Trajectory tape, int stageOffset, Workspace work, boolean partitioned, double[] gradTheta) {
        int half = p.length / 2;
        int damping = dampingIndex(field, thetaOffset);
        double gamma = theta[damping];
        double mu = Math.exp(-0.5 * gamma * h);
        double halfStep = 0.5 * h;
        double[] stageY = tape.stageY;
        double[] stageK = tape.stageK;
        double pvDotU = DenseKernels.dot(p, half, stageK, stageOffset + half, half);
        double pyDotU = DenseKernels.dot(p, 0, stageK, stageOffset + half, half);
        double[] nu = work.nu;
        for (int q = 0; q < half; q++) {
            double kickedBar = mu * p[half + q] + halfStep * p[q];
            p[half + q] = kickedBar;
            nu[q] = h * kickedBar;
        }
        double kickedBarDotK = DenseKernels.dot(p, half, stageK, stageOffset, half);
        pullBack(field, theta, thetaOffset, m, tape, stageOffset, work, gradTheta);
        double[] w = work.stageOut;
        for (int q = 0; q < half; q++) {
            double midpointBar = p[q] + w[q];
            p[q] = midpointBar;
            p[half + q] += halfStep * midpointBar;
        }
        double midpointBarDotV = DenseKernels.dot(p, 0, stageY, stageOffset + half, half);
        double dampedBarDotV = DenseKernels.dot(p, half, stageY, stageOffset + half, half);
        double muBar = pvDotU + dampedBarDotV;
        gradTheta[damping] += -halfStep * mu * muBar;
        for (int q = 0; q < half; q++) {
            p[half + q] *= mu;
        }
        return 0.5 * mu * midpointBarDotV + kickedBarDotK + 0.5 * pyDotU - 0.5 * gamma * mu * muBar;
    }

    @Override
    void tangentStep(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v,
                     double[] next, int m, Trajectory tape, int stageOffset, double[] dtheta,
                     SecondOrderScratch scratch) {
        Tangent t = new Tangent(field, theta, thetaOffset, h, dh, v, m, tape, stageOffset, dtheta);
        int half = t.half;
        for (int q = 0; q < half; q++) {
            next[q] = t.dMidpoint[q] + 0.5 * h * t.dKicked[q] + 0.5 * dh * t.kicked[q];
            next[half + q] = t.mu * t.dKicked[q] + t.dMu * t.kicked[q];
        }
    }

    /**
     * The tangent of {@link #adjointStep} along {@code (δy, δv, δh, δθ, δγ)}, with {@code δμ = −½μ(h δγ + γ δh)} and
     * the forward tangents {@code δw, δm, δK, δu} of {@link #tangentStep}:
     * <pre>
     *   δū = δμ p_v + μ δp_v + ½h δp_y + ½δh p_y,   δm̄ = δp_y + ∂_y f(m)ᵀ(h δū + δh ū) + [∂²⟨h ū, f⟩](δm, δθ),
     *   δw̄ = δū + ½h δm̄ + ½δh m̄,   δp_y ← δm̄,   δp_v ← δμ w̄ + μ δw̄,
     * </pre>
     * and the tangents of {@code ∂J/∂h_n}, {@code ∂J/∂γ_n} by the product rule.
     */
    @Override
    void secondOrderAdjointStep(VectorField field, double[] theta, int thetaOffset, double h, double dh,
                                double[] dtheta, double[] v, double[] p, double[] dp, int m, Trajectory tape,
                                int stageOffset, double[] gradTheta, double[] dGradTheta, double[] stepOut,
                                SecondOrderScratch scratch) {
        Tangent t = new Tangent(field, theta, thetaOffset, h, dh, v, m, tape, stageOffset, dtheta);
        int half = t.half;
        int damping = dampingIndex(field, thetaOffset);
        double gamma = theta[damping];
        double mu = t.mu;
        double dMu = t.dMu;
        double dGamma = dtheta == null ? 0 : dtheta[damping];
        double[] py = Arrays.copyOf(p, half);
        double[] dpy = Arrays.copyOf(dp, half);
        double[] kickedBar = new double[half];
        double[] dKickedBar = new double[half];
        for (int q = 0; q < half; q++) {
            kickedBar[q] = mu * p[half + q] + 0.5 * h * py[q];
            dKickedBar[q] = dMu * p[half + q] + mu * dp[half + q] + 0.5 * h * dpy[q] + 0.5 * dh * py[q];
        }
        double pvDotU = dot(t.kicked, p, half, half);
        double dPvDotU = dot(t.kicked, dp, half, half) + dot(t.dKicked, p, half, half);
        double pyDotU = dot(py, t.kicked, 0, half);
        double dPyDotU = dot(dpy, t.kicked, 0, half) + dot(py, t.dKicked, 0, half);
        double kickedBarDotK = dot(kickedBar, t.k, 0, half);
        double dKickedBarDotK = dot(dKickedBar, t.k, 0, half) + dot(kickedBar, t.dK, 0, half);
        double[][] pulled = scaledPullBackTangent(field, theta, thetaOffset, t.primal, kickedBar, dKickedBar, h, dh,
                t.dMidpoint, dtheta, m, gradTheta, dGradTheta);
        double[] midpointBar = new double[half];
        double[] dMidpointBar = new double[half];
        double[] dampedBar = new double[half];
        double[] dDampedBar = new double[half];
        for (int q = 0; q < half; q++) {
            midpointBar[q] = py[q] + pulled[0][q];
            dMidpointBar[q] = dpy[q] + pulled[1][q];
            dampedBar[q] = kickedBar[q] + 0.5 * h * midpointBar[q];
            dDampedBar[q] = dKickedBar[q] + 0.5 * h * dMidpointBar[q] + 0.5 * dh * midpointBar[q];
        }
        double midpointBarDotW = dot(midpointBar, t.damped, 0, half);
        double dMidpointBarDotW = dot(dMidpointBar, t.damped, 0, half) + dot(midpointBar, t.dDamped, 0, half);
        double muBar = pvDotU + dot(dampedBar, t.primal, half, half);
        double dMuBar = dPvDotU + dot(dDampedBar, t.primal, half, half) + dot(dampedBar, v, half, half);
        stepOut[0] = 0.5 * midpointBarDotW + kickedBarDotK + 0.5 * pyDotU - 0.5 * gamma * mu * muBar;
        stepOut[1] = 0.5 * dMidpointBarDotW + dKickedBarDotK + 0.5 * dPyDotU
                - 0.5 * ((dGamma * mu + gamma * dMu) * muBar + gamma * mu * dMuBar);
        gradTheta[damping] += -0.5 * h * mu * muBar;
        dGradTheta[damping] += -0.5 * ((dh * mu + h * dMu) * muBar + h * mu * dMuBar);
        for (int q = 0; q < half; q++) {
            p[q] = midpointBar[q];
            dp[q] = dMidpointBar[q];
            p[half + q] = mu * dampedBar[q];
            dp[half + q] = dMu * dampedBar[q] + mu * dDampedBar[q];
        }
    }

    /**
     * The forward tangents of one layer along {@code (δy, δv, δh, δθ, δγ)}, from its stored stages:
     * {@code δμ = −½μ(h δγ + γ δh)}, {@code δw = μ δv + δμ v}, {@code δm = δy + ½h δw + ½δh w},
     * {@code δK = ∂_y f(m) δm + ∂_θ f(m) δθ}, {@code δu = δw + h δK + δh K}; allocates (not a hot path).
     */
    private static final class Tangent {
        final int half;
        final double mu;
        final double dMu;
        /** The stage value {@code (m, v)}. */
        final double[] primal;
        final double[] k;
        final double[] kicked;
        final double[] damped;
        final double[] dDamped;
        /** {@code δm} in the first half (the direction of the field's input), zeros after it. */
        final double[] dMidpoint;
        final double[] dK;
        final double[] dKicked;

        Tangent(VectorField field, double[] theta, int thetaOffset, double h, double dh, double[] v, int m,
                Trajectory tape, int stageOffset, double[] dtheta) {
            int dm = v.length;
            half = dm / 2;
            int damping = dampingIndex(field, thetaOffset);
            double gamma = theta[damping];
            mu = Math.exp(-0.5 * gamma * h);
            dMu = -0.5 * mu * (h * (dtheta == null ? 0 : dtheta[damping]) + gamma * dh);
            primal = Arrays.copyOfRange(tape.stageY, stageOffset, stageOffset + dm);
            k = Arrays.copyOfRange(tape.stageK, stageOffset, stageOffset + half);
            kicked = Arrays.copyOfRange(tape.stageK, stageOffset + half, stageOffset + dm);
            damped = new double[half];
            dDamped = new double[half];
            dMidpoint = new double[dm];
            for (int q = 0; q < half; q++) {
                damped[q] = mu * primal[half + q];
                dDamped[q] = mu * v[half + q] + dMu * primal[half + q];
                dMidpoint[q] = v[q] + 0.5 * h * dDamped[q] + 0.5 * dh * damped[q];
            }
            dK = slopeTangent(field, theta, thetaOffset, dMidpoint, m, tape, stageOffset, dtheta)[1];
            dKicked = new double[half];
            for (int q = 0; q < half; q++) {
                dKicked[q] = dDamped[q] + h * dK[q] + dh * k[q];
            }
        }
    }
}
