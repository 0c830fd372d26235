package io.github.pontryagin.core.optim;

import java.util.Arrays;

/**
 * Line-search Newton-CG, truncated Newton (Nocedal and Wright 2006, Algorithm 7.1): the direction p approximately
 * solves {@code ∇²J p = −∇J} by conjugate gradients on Hessian–vector products, stopped when the residual is below
 * {@code η‖∇J‖} with {@code η = min(η_max, √‖∇J‖)}, the forcing sequence of Nocedal and Wright's Algorithm 7.1
 * (superlinear convergence near a minimizer, their Theorem 7.2; η_max = ½ by default). The tighter
 * {@code η = min(η_max, ‖∇J‖)} (quadratic convergence) solved the Newton system to 1% where the nets' Hessians are
 * nearly singular and indefinite, for long steps that the line search then cut a hundredfold: on the suite-B
 * targets table it took 122 iterations on donut2d ODENet and 55 on spiral ODENet, against 91 and 45 with √‖∇J‖,
 * and no cell needed more iterations (docs/optimizers.md),
 * after {@code maxCgIterations}, or at the
 * first direction of non-positive curvature (then the iterate so far, or {@code −∇J} on the first CG step); then
 * {@code u ← u + αp} with a strong-Wolfe step, first trial α = 1 ({@link StrongWolfeLineSearch}). In docs/theory.md
 * §3 terms: the overdamped flow {@code u̇ = −G⁻¹∇J} in the metric {@code G = ∇²J}.
 *
 * <p>Hessian–vector products come from the objective when it is a {@link SecondOrderObjective}, otherwise from
 * central differences of its gradient ({@link SecondOrderObjective#byGradientDifferences}, relative step 1e-5).
 * When the line search fails, {@code u} keeps the last accepted point and {@link OptimizerState#stopReason()} says
 * why.
 *
 * @param maxCgIterations inner CG iterations per step, ≥ 1
 * @param c1              sufficient-decrease constant, in (0, c2)
 * @param c2              curvature constant, in (c1, 1)
 * @param maxEvaluations  objective evaluations allowed per line search, ≥ 1
 * @param forcingCap      η_max ∈ (0, 1), the largest relative residual at which CG stops
 */
public record NewtonConjugateGradient(int maxCgIterations, double c1, double c2, int maxEvaluations,
                                      double forcingCap) implements FullBatchOptimizer {

    /** With η_max = ½. */
    public NewtonConjugateGradient(int maxCgIterations, double c1, double c2, int maxEvaluations) {
        this(maxCgIterations, c1, c2, maxEvaluations, 0.5);
    }

    /** @throws IllegalArgumentException naming the first hyper-parameter outside its range */
    public NewtonConjugateGradient {
        Checks.unitOpen("forcingCap (eta_max)", forcingCap);
        if (maxCgIterations < 1) {
            throw new IllegalArgumentException("maxCgIterations must be >= 1, got " + maxCgIterations);
        }
        StrongWolfeLineSearch.validate(c1, c2, maxEvaluations);
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = new OptimizerState(dimension, false, false, false, true, true);
        state.attach(this, new Work(this, dimension));
        return state;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        if (!(state.attachment(this) instanceof Work w)) {
            throw new IllegalArgumentException("the optimizer state was not created by this Newton-CG optimizer's "
                    + "newState");
        }
        SecondOrderObjective second = w.hessian.of(objective);
        double[] g = state.gradient;
        double[] p = state.work;
        state.stopReason = null;
        double value;
        if (w.cached && Arrays.equals(u, state.point)) {
            value = w.value;
        } else {
            value = objective.valueAndGradient(u, g);
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
        w.cgIterations = direction(second, u, g, gradientNorm, p, w);
        StrongWolfeLineSearch search = w.search;
        if (!search.search(objective, u, value, g, p, 1.0)) {
            state.lastBacktracks = search.evaluations;
            state.stopReason = "newton-cg line search: " + search.failure
                    + "; the parameters stay at the last accepted point";
            w.cached = false;
            return value;
        }
        System.arraycopy(search.trial, 0, u, 0, u.length);
        System.arraycopy(search.trialGradient, 0, g, 0, g.length);
        System.arraycopy(u, 0, state.point, 0, u.length);
        w.value = search.value;
        w.cached = true;
        state.lastStepSize = search.step;
        state.lastBacktracks = search.evaluations - 1;
        return value;
    }

    /** The inner CG iterations of the last step of a state of this optimizer. */
    public int lastCgIterations(OptimizerState state) {
        return state.attachment(this) instanceof Work w ? w.cgIterations : 0;
    }

    /** Truncated CG for {@code ∇²J p = −g} from p = 0; returns the number of Hessian–vector products. */
    private int direction(SecondOrderObjective second, double[] u, double[] g, double gradientNorm, double[] p,
                          Work w) {
        int n = g.length;
        double[] residual = w.residual;
        double[] d = w.direction;
        double[] hd = w.product;
        Arrays.fill(p, 0.0);
        for (int i = 0; i < n; i++) {
            residual[i] = g[i];
            d[i] = -g[i];
        }
        double tolerance = Math.min(forcingCap, Math.sqrt(gradientNorm)) * gradientNorm;
        double rr = gradientNorm * gradientNorm;
        for (int j = 0; j < maxCgIterations; j++) {
            second.hessianTimes(u, d, hd);
            double curvature = StrongWolfeLineSearch.dot(d, hd);
            if (!(curvature > 0.0)) {
                if (j == 0) {
                    for (int i = 0; i < n; i++) {
                        p[i] = -g[i];
                    }
                }
                return j + 1;
            }
            double alpha = rr / curvature;
            for (int i = 0; i < n; i++) {
                p[i] += alpha * d[i];
                residual[i] += alpha * hd[i];
            }
            double next = StrongWolfeLineSearch.dot(residual, residual);
            if (Math.sqrt(next) <= tolerance) {
                return j + 1;
            }
            double beta = next / rr;
            rr = next;
            for (int i = 0; i < n; i++) {
                d[i] = -residual[i] + beta * d[i];
            }
        }
        return maxCgIterations;
    }

    private static final class Work implements ResumableState {
        final StrongWolfeLineSearch search;
        final double[] residual;
        final double[] direction;
        final double[] product;
        final HessianProducts hessian = new HessianProducts();
        boolean cached;
        double value;
        int cgIterations;

        Work(NewtonConjugateGradient config, int n) {
            search = new StrongWolfeLineSearch(config.c1, config.c2, config.maxEvaluations, n);
            residual = new double[n];
            direction = new double[n];
            product = new double[n];
        }

        /** {@code [cached, value]}: whether the gradient in the state is that of {@code state.point}, and the value there. */
        @Override
        public double[] save() {
            return new double[] {cached ? 1.0 : 0.0, value};
        }

        @Override
        public void load(double[] saved) {
            ResumableState.requireLength("Newton-CG (cached value)", saved, 2);
            cached = saved[0] != 0.0;
            value = saved[1];
        }
    }
}
