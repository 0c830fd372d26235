package io.github.pontryagin.core.optim;

/**
 * Kinetic energy {@code T(p)} of a {@link DampedHamiltonianFlow}, with its gradient {@code ∇T(p)},
 * which is the velocity {@code u̇}.
 *
 * <p>Two choices from docs/theory.md §3 and Celledoni 2020: Newtonian {@code T = ‖p‖²/2m} (heavy ball,
 * Nesterov) and relativistic {@code T = c√(‖p‖² + m²c²)} (França, Sulam, Robinson, Vidal,
 * "Conformal symplectic and relativistic optimization", 2020), whose speed is bounded by c.
 */
public interface KineticEnergy {

    /** @return T(p) */
    double value(double[] p);

    /**
     * Writes {@code ∇T(p)} into {@code out} (which may be {@code p} itself).
     *
     * @param p   momentum
     * @param out receives the velocity ∇T(p)
     */
    void gradient(double[] p, double[] out);

    /** @return the mass m */
    double mass();

    /**
     * @param mass m &gt; 0
     * @return {@code T(p) = ‖p‖²/2m}, {@code ∇T(p) = p/m}
     */
    static KineticEnergy newtonian(double mass) {
        return new Newtonian(mass);
    }

    /**
     * @param mass          m &gt; 0
     * @param speedOfLight  c &gt; 0
     * @return {@code T(p) = c√(‖p‖² + m²c²)}, {@code ∇T(p) = c p / √(‖p‖² + m²c²)}
     */
    static KineticEnergy relativistic(double mass, double speedOfLight) {
        return new Relativistic(mass, speedOfLight);
    }

    /** Newtonian kinetic energy {@code ‖p‖²/2m}. */
    record Newtonian(double mass) implements KineticEnergy {

        public Newtonian {
            Checks.positive("mass", mass);
        }

        @Override
        public double value(double[] p) {
            double s = 0.0;
            for (double pi : p) {
                s += pi * pi;
            }
            return s / (2.0 * mass);
        }

        @Override
        public void gradient(double[] p, double[] out) {
            double inv = 1.0 / mass;
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i] * inv;
            }
        }
    }

    /** Relativistic kinetic energy {@code c√(‖p‖² + m²c²)}. */
    record Relativistic(double mass, double speedOfLight) implements KineticEnergy {

        public Relativistic {
            Checks.positive("mass", mass);
            Checks.positive("speedOfLight", speedOfLight);
        }

        @Override
        public double value(double[] p) {
            double s = 0.0;
            for (double pi : p) {
                s += pi * pi;
            }
            return speedOfLight * Math.sqrt(s + mass * mass * speedOfLight * speedOfLight);
        }

        @Override
        public void gradient(double[] p, double[] out) {
            double s = 0.0;
            for (double pi : p) {
                s += pi * pi;
            }
            double factor = speedOfLight / Math.sqrt(s + mass * mass * speedOfLight * speedOfLight);
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i] * factor;
            }
        }
    }
}
