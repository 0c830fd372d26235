package io.github.pontryagin.core.optim;

/**
 * Conformal symplectic Euler for {@link DampedHamiltonianFlow}: exact damping composed with
 * symplectic Euler (kick, then drift), order 1:
 * {@code p ← e^{−γh} p − h ∇J(u);  u ← u + h ∇T(p)}.
 *
 * <p>Reference: McLachlan &amp; Perlmutter, "Conformal Hamiltonian systems" (2001); Celledoni 2020
 * (heavy ball as a conformal symplectic method). With {@code T = ‖p‖²/2m} and the velocity
 * {@code v = (h/m) p} this is Polyak's heavy ball {@code v ← μv − τ∇J(u); u ← u + v} with
 * {@code μ = e^{−γh}}, {@code τ = h²/m} (see {@link Optimizers#heavyBall(double, double)}).
 * Celledoni 2020 writes the damping as the factor {@code 1 − hγ} (explicit Euler on {@code ṗ = −γp});
 * this class uses the exact factor {@code e^{−γh}}, which is what makes the map conformal symplectic.
 *
 * @param flow the damped Hamiltonian flow
 * @param h    time step h &gt; 0
 */
public record ConformalSymplecticEuler(DampedHamiltonianFlow flow, double h) implements Optimizer {

    public ConformalSymplecticEuler {
        Checks.notNull("flow", flow);
        Checks.positive("h", h);
    }

    @Override
    public OptimizerState newState(int dimension) {
        return new OptimizerState(dimension, true, false, false, false, true);
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        double[] g = state.gradient;
        double[] p = state.momentum;
        double[] velocity = state.work;
        double value = objective.valueAndGradient(u, g);
        double contraction = Math.exp(-flow.damping() * h);
        for (int i = 0; i < u.length; i++) {
            p[i] = contraction * p[i] - h * g[i];
        }
        flow.kineticEnergy().gradient(p, velocity);
        for (int i = 0; i < u.length; i++) {
            u[i] += h * velocity[i];
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }
}
