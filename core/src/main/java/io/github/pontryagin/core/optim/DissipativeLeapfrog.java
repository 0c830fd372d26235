package io.github.pontryagin.core.optim;

/**
 * Dissipative leapfrog for {@link DampedHamiltonianFlow}: Strang splitting of the exact damping
 * {@code e^{−γh/2}} around a position Störmer–Verlet step, with the extrapolation weight α:
 * <pre>
 *   p ← e^{−γh/2} p;   u½ = u + (h/2) ∇T(p);   p ← p − h ∇J(u½);
 *   u ← α u½ + (1−α) u + (h/2) ∇T(p);   p ← e^{−γh/2} p
 * </pre>
 * At α = 1 this is the conformal Störmer–Verlet method (order 2, conformal symplectic;
 * Bhatt, Floyd &amp; Moore 2016, Celledoni 2020).
 *
 * <p>With the relativistic {@code T = c√(‖p‖² + m²c²)} and {@code v = (h/2m) p} it is docs/theory.md §3's
 * relativistic gradient descent (França et al. 2020) with {@code √μ = e^{−γh/2}},
 * {@code ε = h²/(2m)}, {@code δ = 4/(h²c²)}; a Newtonian T corresponds to δ = 0. See
 * {@link Optimizers#relativistic(double, double, double, double)}.
 *
 * @param flow  the damped Hamiltonian flow
 * @param h     time step h &gt; 0
 * @param alpha α ∈ [0, 1]
 */
public record DissipativeLeapfrog(DampedHamiltonianFlow flow, double h, double alpha) implements Optimizer {

    public DissipativeLeapfrog {
        Checks.notNull("flow", flow);
        Checks.positive("h", h);
        Checks.unitClosed("alpha", alpha);
    }

    @Override
    public OptimizerState newState(int dimension) {
        return new OptimizerState(dimension, true, false, false, true, true);
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        double[] g = state.gradient;
        double[] p = state.momentum;
        double[] half = state.point;
        double[] velocity = state.work;
        KineticEnergy kinetic = flow.kineticEnergy();
        double contraction = Math.exp(-0.5 * flow.damping() * h);
        double halfStep = 0.5 * h;
        for (int i = 0; i < u.length; i++) {
            p[i] *= contraction;
        }
        kinetic.gradient(p, velocity);
        for (int i = 0; i < u.length; i++) {
            half[i] = u[i] + halfStep * velocity[i];
        }
        double value = objective.valueAndGradient(half, g);
        for (int i = 0; i < u.length; i++) {
            p[i] -= h * g[i];
        }
        kinetic.gradient(p, velocity);
        for (int i = 0; i < u.length; i++) {
            u[i] = alpha * half[i] + (1.0 - alpha) * u[i] + halfStep * velocity[i];
            p[i] *= contraction;
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }
}
