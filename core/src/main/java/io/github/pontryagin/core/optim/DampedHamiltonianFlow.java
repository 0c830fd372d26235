package io.github.pontryagin.core.optim;

/**
 * The conformal (damped) Hamiltonian system on parameters u and momentum p,
 * {@code ṗ = −∇J(u) − γ p,  u̇ = ∇T(p)}, which dissipates {@code H = T(p) + J(u)} at the rate
 * {@code dH/dt = −γ ⟨p, ∇T(p)⟩ ≤ 0} (docs/theory.md §3; Celledoni 2020, "Hamiltonian descent").
 *
 * <p>The mass m is the one of the kinetic energy ({@link #mass()}). Optimizers are this flow plus
 * a scheme with step h: {@link ConformalSymplecticEuler}, {@link DissipativeLeapfrog} (conformal
 * Störmer–Verlet at α = 1), {@link ConformalNesterov}.
 *
 * @param kineticEnergy T with its gradient
 * @param damping       γ ≥ 0 (γ = 0: conservative flow)
 */
public record DampedHamiltonianFlow(KineticEnergy kineticEnergy, double damping) {

    public DampedHamiltonianFlow {
        Checks.notNull("kineticEnergy", kineticEnergy);
        Checks.nonNegative("damping", damping);
    }

    /**
     * @param mass    m &gt; 0
     * @param damping γ ≥ 0
     * @return the flow with Newtonian kinetic energy {@code ‖p‖²/2m}
     */
    public static DampedHamiltonianFlow newtonian(double mass, double damping) {
        return new DampedHamiltonianFlow(KineticEnergy.newtonian(mass), damping);
    }

    /** @return the mass m of the kinetic energy */
    public double mass() {
        return kineticEnergy.mass();
    }

    /**
     * @param objectiveValue J(u)
     * @param p              momentum
     * @return the energy {@code H = T(p) + J(u)}
     */
    public double energy(double objectiveValue, double[] p) {
        return kineticEnergy.value(p) + objectiveValue;
    }

    /**
     * Right-hand side of the flow, for reference integrators: {@code u̇ = ∇T(p)},
     * {@code ṗ = −∇J(u) − γ p}.
     *
     * @param objective J
     * @param u         parameters
     * @param p         momentum
     * @param uDotOut   receives u̇
     * @param pDotOut   receives ṗ
     */
    public void derivatives(Objective objective, double[] u, double[] p, double[] uDotOut, double[] pDotOut) {
        objective.valueAndGradient(u, pDotOut);
        for (int i = 0; i < p.length; i++) {
            pDotOut[i] = -pDotOut[i] - damping * p[i];
        }
        kineticEnergy.gradient(p, uDotOut);
    }
}
