package io.github.pontryagin.core.optim;

/**
 * Nesterov's accelerated gradient as a scheme for {@link DampedHamiltonianFlow}: conformal
 * symplectic Euler whose gradient is taken at the extrapolated (look-ahead) point, order 1:
 * <pre>
 *   y = u + h ∇T(e^{−γh} p);   p ← e^{−γh} p − h ∇J(y);   u ← u + h ∇T(p)
 * </pre>
 * With {@code T = ‖p‖²/2m} and {@code v = (h/m) p} this is docs/theory.md §3's textbook Nesterov
 * {@code y = u + μv; v ← μv − τ∇J(y); u ← u + v} with {@code μ = e^{−γh}}, {@code τ = h²/m}
 * (Cano Camarero 2022, eqs. 21–22). Unlike heavy ball it is not exactly conformal symplectic: it equals
 * relativistic GD (docs/theory.md §3.3) with δ = 0, α = 0 and the same ε = τ, μ (the α = 0 member of the
 * {@link DissipativeLeapfrog} family), a perturbation of conformal Störmer–Verlet (α = 1;
 * França et al. 2020). Nesterov is often called conformal Störmer–Verlet; with the relativistic-GD formula
 * it is α = 0 that gives Nesterov (tested), and α = 1 gives conformal Störmer–Verlet.
 *
 * @param flow the damped Hamiltonian flow
 * @param h    time step h &gt; 0
 */
public record ConformalNesterov(DampedHamiltonianFlow flow, double h) implements Optimizer {

    public ConformalNesterov {
        Checks.notNull("flow", flow);
        Checks.positive("h", h);
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
        double[] lookahead = state.point;
        double[] velocity = state.work;
        KineticEnergy kinetic = flow.kineticEnergy();
        double contraction = Math.exp(-flow.damping() * h);
        for (int i = 0; i < u.length; i++) {
            p[i] *= contraction;
        }
        kinetic.gradient(p, velocity);
        for (int i = 0; i < u.length; i++) {
            lookahead[i] = u[i] + h * velocity[i];
        }
        double value = objective.valueAndGradient(lookahead, g);
        for (int i = 0; i < u.length; i++) {
            p[i] -= h * g[i];
        }
        kinetic.gradient(p, velocity);
        for (int i = 0; i < u.length; i++) {
            u[i] += h * velocity[i];
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }
}
