package io.github.pontryagin.core.optim;

import io.github.pontryagin.core.kernel.DenseKernels;
import io.github.pontryagin.core.kernel.SecondMomentStepCoefficients;

/**
 * Conformal symplectic Euler for a {@link DampedHamiltonianFlow} whose kinetic energy has a diagonal,
 * time-varying mass, {@code T_t(p) = ½ Σ p_i²/M_{t,i}} ({@link DiagonalMass}), plus an optional decoupled weight
 * decay (docs/theory.md §3):
 * <pre>
 *   p ← e^{−γh} p − h ∇J(u);   M ← M_t;   u ← u + h M⁻¹ p − α λ u
 * </pre>
 * One integrator, several mass and damping rules: {@link Optimizers#adam}, {@link Optimizers#adamW},
 * {@link Optimizers#rmsProp}, {@link Optimizers#adagrad} and {@link Optimizers#adadelta} are configurations of
 * it, equal to their textbook updates (Kingma and Ba 2015; Loshchilov and Hutter 2019; Tieleman and Hinton 2012;
 * Duchi, Hazan and Singer 2011; Zeiler 2012) up to round-off:
 * <ul>
 *   <li>Adam: {@code e^{−γh} = β₁}, {@code h = 1 − β₁}, {@code p = −m}, {@code M_t = (h/α)(1 − β₁ᵗ)(√v̂_t + ε)}.</li>
 *   <li>RMSprop, Adagrad, Adadelta: the overdamped limit, {@code e^{−γh} = 0} (p = −∇J), h = 1,
 *       {@code M_t = (√S_t + ε)/α} or Adadelta's {@code √(G + ε)/(α√(D + ε))}.</li>
 * </ul>
 * Energy reading: for a constant mass and small h, {@code H_k = T(p_k) + J(u_k)} decreases at every step (the
 * discrete counterpart of {@code dH/dt = −γ pᵀM⁻¹p}); with a non-decreasing mass (Adagrad's accumulation) it
 * still decreases, since {@code T_{t+1}(p) ≤ T_t(p)}; Adam's and RMSprop's averaged masses can shrink, and then
 * H can grow.
 *
 * @param h           kick and drift step h &gt; 0
 * @param contraction {@code e^{−γh}} ∈ [0, 1) (0: overdamped, no momentum is kept)
 * @param mass        the mass rule
 * @param decay       α λ ≥ 0, decoupled weight decay per step (AdamW)
 * @param name        textbook name, for messages
 */
public record PreconditionedConformalEuler(double h, double contraction, DiagonalMass mass, double decay, String name)
        implements Optimizer {

    public PreconditionedConformalEuler {
        Checks.positive("h", h);
        Checks.unitHalfOpen("contraction", contraction);
        Checks.notNull("mass", mass);
        Checks.nonNegative("decay", decay);
        Checks.notNull("name", name);
    }

    /** @return the damping γ = −ln(contraction)/h (+∞ for the overdamped configurations) */
    public double damping() {
        return contraction == 0.0 ? Double.POSITIVE_INFINITY : -Math.log(contraction) / h;
    }

    /** Entries per block of the element-wise passes: 6 arrays × 2 048 doubles = 96 KB, within a core's L2. */
    private static final int CACHE_BLOCK = 2048;

    @Override
    public OptimizerState newState(int dimension) {
        return new OptimizerState(dimension, true, true, mass.usesSecondAccumulator(), true, true);
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        return step(objective, u, state, 1.0, false);
    }

    /**
     * The step, and with {@code scheduled} the step scaled by a learning-rate schedule's factor in the same pass:
     * {@code u ← u + schedule·(Φ(u) − u)}, bit for bit what {@link ScheduledOptimizer} computes around an unscaled
     * step.
     */
    double step(Objective objective, double[] u, OptimizerState state, double schedule, boolean scheduled) {
        Checks.sameLength(u, state);
        double[] g = state.gradient;
        double[] p = state.momentum;
        double[] m = state.point;
        double[] velocity = state.work;
        double value = objective.valueAndGradient(u, g);
        long t = state.iteration + 1;
        DiagonalMass.Step rule = mass.at(t);
        double[] accumulator = state.secondMoment;
        double[] accumulator2 = state.accumulatedUpdate;
        // element-wise, on the objective's idle threads, with the same bits on any number of them (on one thread, the
        // update of MNIST's 135 k parameters took about 5 % of a two-thread step while the net's worker waited)
        if (rule instanceof DiagonalMass.SecondMomentStep r) {
            // Adam, AdamW, RMSprop: every array read and written once, in one vectorised pass that absorbs the
            // schedule's two (scheduled AdamW on MNIST's 134 668 parameters, one thread: 0.97 → 0.48 ms per step; the
            // two divisions and the square root per entry bound it)
            SecondMomentStepCoefficients c = new SecondMomentStepCoefficients(contraction, h, r.beta2(),
                    r.correction2(), r.factor(), r.epsilon(), decay, schedule, scheduled);
            // the mass and velocity are outputs only: the state writes them when a snapshot or energy() reads them
            // (two of the pass's five written arrays less; the same bits there)
            objective.sliceRunner().run(u.length, SliceRunner.VECTOR_GRAIN,
                    (from, to) -> DenseKernels.secondMomentStep(c, g, p, accumulator, null, null, u, from, to));
            state.pendingMass = c;
        } else {
            state.pendingMass = null;
            // the other masses: separate loops, which the JIT vectorises, run block by block so that a block's entries
            // of the six arrays are still in the core's cache for the next pass
            objective.sliceRunner().run(u.length, SliceRunner.VECTOR_GRAIN, (from, to) -> {
                for (int lo = from; lo < to; lo += CACHE_BLOCK) {
                    int hi = Math.min(to, lo + CACHE_BLOCK);
                    for (int i = lo; i < hi; i++) {
                        p[i] = contraction * p[i] - h * g[i];
                    }
                    rule.update(g, accumulator, accumulator2, m, lo, hi);
                    for (int i = lo; i < hi; i++) {
                        velocity[i] = p[i] / m[i];
                    }
                    rule.afterDrift(velocity, accumulator2, lo, hi);
                    drift(u, velocity, lo, hi, schedule, scheduled);
                }
            });
        }
        state.iteration = t;
        state.lastValue = value;
        return value;
    }

    /** {@code u' = u + (h·w − λ·u)}, scaled by the schedule: {@code u ← u + s·(u' − u)} (see {@link #step}). */
    private void drift(double[] u, double[] velocity, int from, int to, double schedule, boolean scheduled) {
        if (!scheduled) {
            for (int i = from; i < to; i++) {
                u[i] += h * velocity[i] - decay * u[i];
            }
            return;
        }
        for (int i = from; i < to; i++) {
            double ui = u[i];
            double next = ui + (h * velocity[i] - decay * ui);
            u[i] = ui + schedule * (next - ui);
        }
    }

    /**
     * @param objectiveValue J(u_k)
     * @param state          a state of this optimizer after step k
     * @return {@code H_k = ½ Σ p_i²/M_{k,i} + J(u_k)} with the mass of the last step
     */
    public double energy(double objectiveValue, OptimizerState state) {
        state.materialize();
        double[] p = state.momentum;
        double[] m = state.point;
        double kinetic = 0.0;
        for (int i = 0; i < p.length; i++) {
            kinetic += 0.5 * p[i] * p[i] / m[i];
        }
        return kinetic + objectiveValue;
    }

    @Override
    public String toString() {
        return name;
    }
}
