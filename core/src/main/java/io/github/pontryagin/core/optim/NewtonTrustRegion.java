package io.github.pontryagin.core.optim;

import java.util.Arrays;

/**
 * Trust-region Newton-CG, the Steihaug–Toint method (Steihaug 1983; Toint 1981; Nocedal and Wright 2006, Algorithms
 * 4.1 and 7.2): the step p approximately minimizes the quadratic model {@code m(p) = J + ∇Jᵀp + ½ pᵀ∇²J p} over
 * {@code ‖p‖ ≤ Δ} by conjugate gradients on Hessian–vector products, started from p = 0 and stopped
 * <ul>
 *   <li>when the residual {@code ‖∇²J p + ∇J‖} is below {@code η‖∇J‖}, {@code η = min(η_max, √‖∇J‖)} (superlinear
 *       convergence near a minimizer, Nocedal and Wright 2006, Theorem 7.2 and Algorithm 7.2);</li>
 *   <li>at a direction d of non-positive curvature, then following d to the boundary (so negative curvature is
 *       used, not discarded as by the line-search variant);</li>
 *   <li>where the iterate would leave the region, then on the boundary;</li>
 *   <li>after {@code maxCgIterations} products.</li>
 * </ul>
 * The step is accepted when the ratio {@code ρ = (J(u) − J(u + p)) / (m(0) − m(p))} of actual to predicted decrease
 * exceeds {@code acceptance}; Δ is quartered when ρ &lt; ¼ and doubled (up to {@code maxRadius}) when ρ &gt; ¾ and
 * p is on the boundary. A rejected step is retried from the same point with the smaller region, so that one
 * {@link #step} is one accepted iteration (or a stop). In docs/theory.md §3 terms: the overdamped flow
 * {@code u̇ = −G⁻¹∇J} in the metric {@code G = ∇²J + λI}, with λ ≥ 0 the multiplier of the region (the same
 * family as Levenberg–Marquardt's, on the full Hessian).
 *
 * <p>Hessian–vector products come from the objective when it is a {@link SecondOrderObjective}, otherwise from
 * central differences of its gradient. When the region shrinks below the round-off of u, or {@code maxRejections}
 * trials in a row are rejected, {@code u} keeps the last accepted point and {@link OptimizerState#stopReason()} says
 * why. The step returns {@code J(u)} at its start.
 *
 * @param maxCgIterations inner CG iterations (Hessian–vector products) per trial, ≥ 1
 * @param initialRadius   Δ₀ &gt; 0, the first region radius (in the Euclidean norm of the parameters)
 * @param maxRadius       the largest Δ, ≥ Δ₀
 * @param acceptance      the smallest ρ at which a step is taken, in [0, ¼)
 * @param forcingCap      η_max ∈ (0, 1), the largest relative residual at which CG stops
 * @param maxRejections   rejected trials allowed per step, ≥ 1
 */
public record NewtonTrustRegion(int maxCgIterations, double initialRadius, double maxRadius, double acceptance,
                                double forcingCap, int maxRejections) implements FullBatchOptimizer {

    /** @throws IllegalArgumentException naming the first hyper-parameter outside its range */
    public NewtonTrustRegion {
        if (maxCgIterations < 1) {
            throw new IllegalArgumentException("maxCgIterations must be >= 1, got " + maxCgIterations);
        }
        Checks.positive("initialRadius (Delta0)", initialRadius);
        if (!(maxRadius >= initialRadius) || !Double.isFinite(maxRadius)) {
            throw new IllegalArgumentException("maxRadius must be finite and >= initialRadius " + initialRadius
                    + ", got " + maxRadius);
        }
        if (!(acceptance >= 0.0 && acceptance < 0.25)) {
            throw new IllegalArgumentException("acceptance (eta) must be in [0, 0.25), got " + acceptance);
        }
        Checks.unitOpen("forcingCap (eta_max)", forcingCap);
        if (maxRejections < 1) {
            throw new IllegalArgumentException("maxRejections must be >= 1, got " + maxRejections);
        }
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = new OptimizerState(dimension, false, false, false, true, true);
        state.attach(this, new Work(dimension, initialRadius));
        return state;
    }

    /** The current trust-region radius Δ of a state of this optimizer. */
    public double radius(OptimizerState state) {
        return work(state).radius;
    }

    /** The inner CG iterations (Hessian–vector products) of the last trial of a state of this optimizer. */
    public int lastCgIterations(OptimizerState state) {
        return work(state).cgIterations;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        Work w = work(state);
        SecondOrderObjective second = w.hessian.of(objective);
        double[] g = state.gradient;
        double[] p = state.work;
        state.stopReason = null;
        double value;
        if (w.cached && Arrays.equals(u, state.point)) {
            value = w.value;
        } else {
            value = objective.valueAndGradient(u, g);
            System.arraycopy(u, 0, state.point, 0, u.length);
        }
        state.iteration++;
        state.lastValue = value;
        state.lastStepSize = 0.0;
        double gradientNorm = Math.sqrt(StrongWolfeLineSearch.dot(g, g));
        if (gradientNorm == 0.0 || !Double.isFinite(value)) {
            state.stopReason = gradientNorm == 0.0 ? "the gradient is zero: a stationary point"
                    : "the objective is " + value + " at the current point";
            return value;
        }
        double pointNorm = Math.sqrt(StrongWolfeLineSearch.dot(u, u));
        for (int attempt = 0; attempt < maxRejections; attempt++) {
            if (w.radius <= 1e-15 * (pointNorm + 1e-300)) {
                return stop(w, state, value, "newton-cg trust region: the radius " + w.radius + " is below the "
                        + "round-off of u (|u| = " + pointNorm + "); J = " + value + " cannot decrease in double "
                        + "precision along the model's steps");
            }
            double predicted = steihaug(second, u, g, gradientNorm, p, w);
            boolean boundary = w.onBoundary;
            double stepNorm = Math.sqrt(StrongWolfeLineSearch.dot(p, p));
            for (int i = 0; i < u.length; i++) {
                w.trial[i] = u[i] + p[i];
            }
            double trialValue = objective.valueAndGradient(w.trial, w.trialGradient);
            double ratio = (value - trialValue) / predicted;
            if (!(predicted > 0.0) || !Double.isFinite(trialValue) || !(ratio >= 0.25)) {
                w.radius = 0.25 * Math.min(w.radius, stepNorm > 0.0 ? stepNorm : w.radius);
            } else if (ratio > 0.75 && boundary) {
                w.radius = Math.min(2.0 * w.radius, maxRadius);
            }
            if (predicted > 0.0 && Double.isFinite(trialValue) && ratio > acceptance) {
                System.arraycopy(w.trial, 0, u, 0, u.length);
                System.arraycopy(w.trialGradient, 0, g, 0, g.length);
                System.arraycopy(u, 0, state.point, 0, u.length);
                w.value = trialValue;
                w.cached = true;
                state.lastStepSize = 1.0;
                state.lastBacktracks = attempt;
                return value;
            }
        }
        return stop(w, state, value, "newton-cg trust region: " + maxRejections + " trials in a row were rejected "
                + "(radius now " + w.radius + ")");
    }

    private static double stop(Work w, OptimizerState state, double value, String reason) {
        w.cached = true;
        w.value = value;
        state.stopReason = reason + "; the parameters stay at the last accepted point";
        return value;
    }

    /**
     * Steihaug–Toint CG for {@code min m(p)}, {@code ‖p‖ ≤ Δ}, from p = 0; returns the predicted decrease
     * {@code m(0) − m(p) = −½(gᵀp + rᵀp)} with {@code r = ∇²J p + g} kept up to date (also for a boundary step).
     */
    private double steihaug(SecondOrderObjective second, double[] u, double[] g, double gradientNorm, double[] p,
                            Work w) {
        int n = g.length;
        double[] r = w.residual;
        double[] d = w.direction;
        double[] hd = w.product;
        double radius = w.radius;
        Arrays.fill(p, 0.0);
        for (int i = 0; i < n; i++) {
            r[i] = g[i];
            d[i] = -g[i];
        }
        w.onBoundary = false;
        double tolerance = Math.min(forcingCap, Math.sqrt(gradientNorm)) * gradientNorm;
        double rr = gradientNorm * gradientNorm;
        int j = 0;
        while (j < maxCgIterations) {
            second.hessianTimes(u, d, hd);
            j++;
            double curvature = StrongWolfeLineSearch.dot(d, hd);
            double alpha = curvature > 0.0 ? rr / curvature : Double.POSITIVE_INFINITY;
            double pp = StrongWolfeLineSearch.dot(p, p);
            double pd = StrongWolfeLineSearch.dot(p, d);
            double dd = StrongWolfeLineSearch.dot(d, d);
            if (!(curvature > 0.0) || pp + 2.0 * alpha * pd + alpha * alpha * dd >= radius * radius) {
                // to the boundary along d: the root τ ≥ 0 of ‖p + τd‖ = Δ
                double tau = (-pd + Math.sqrt(Math.max(0.0, pd * pd + dd * (radius * radius - pp)))) / dd;
                for (int i = 0; i < n; i++) {
                    p[i] += tau * d[i];
                    r[i] += tau * hd[i];
                }
                w.onBoundary = true;
                break;
            }
            for (int i = 0; i < n; i++) {
                p[i] += alpha * d[i];
                r[i] += alpha * hd[i];
            }
            double next = StrongWolfeLineSearch.dot(r, r);
            if (Math.sqrt(next) <= tolerance) {
                break;
            }
            double beta = next / rr;
            rr = next;
            for (int i = 0; i < n; i++) {
                d[i] = -r[i] + beta * d[i];
            }
        }
        w.cgIterations = j;
        return -0.5 * (StrongWolfeLineSearch.dot(g, p) + StrongWolfeLineSearch.dot(r, p));
    }

    private Work work(OptimizerState state) {
        if (!(state.attachment(this) instanceof Work w)) {
            throw new IllegalArgumentException("the optimizer state was not created by this trust-region Newton-CG "
                    + "optimizer's newState");
        }
        return w;
    }

    private static final class Work implements ResumableState {
        final double[] residual;
        final double[] direction;
        final double[] product;
        final double[] trial;
        final double[] trialGradient;
        final HessianProducts hessian = new HessianProducts();
        boolean cached;
        boolean onBoundary;
        double value;
        double radius;
        int cgIterations;

        Work(int n, double radius) {
            this.residual = new double[n];
            this.direction = new double[n];
            this.product = new double[n];
            this.trial = new double[n];
            this.trialGradient = new double[n];
            this.radius = radius;
        }

        /** {@code [radius, cached, value]}: the region, and whether the state's gradient is that of its point. */
        @Override
        public double[] save() {
            return new double[] {radius, cached ? 1.0 : 0.0, value};
        }

        @Override
        public void load(double[] saved) {
            ResumableState.requireLength("trust-region Newton-CG (radius, cached value)", saved, 3);
            radius = saved[0];
            cached = saved[1] != 0.0;
            value = saved[2];
        }
    }
}
