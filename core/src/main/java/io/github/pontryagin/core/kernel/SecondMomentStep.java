package io.github.pontryagin.core.kernel;

/**
 * Plain-Java variant and driver of {@link DenseKernels#secondMomentStep}; the SIMD variant of its whole vectors is
 * {@link SecondMomentStepSimd}. Both evaluate every entry with the same operations in the same order (separate
 * products and sums, a correctly rounded square root and quotient), so which path runs changes the speed, never
 * the bits.
 */
final class SecondMomentStep {

    private SecondMomentStep() {
    }

    /** See {@link DenseKernels#secondMomentStep}. */
    static void step(SecondMomentStepCoefficients c, double[] g, double[] p, double[] v, double[] mass,
                     double[] velocity, double[] u, int from, int to) {
        int done = VectorApi.ENABLED ? SecondMomentStepSimd.step(c, g, p, v, mass, velocity, u, from, to) : from;
        double oneMinusBeta2 = 1.0 - c.beta2();
        for (int i = done; i < to; i++) {
            double pi = c.contraction() * p[i] - c.h() * g[i];
            double vi = c.beta2() * v[i] + oneMinusBeta2 * g[i] * g[i];
            double mi = mass(c, vi);
            double wi = pi / mi;
            double ui = u[i];
            double next = ui + (c.h() * wi - c.decay() * ui);
            p[i] = pi;
            v[i] = vi;
            if (mass != null) {
                mass[i] = mi;
                velocity[i] = wi;
            }
            u[i] = c.scheduled() ? ui + c.schedule() * (next - ui) : next;
        }
    }

    /** See {@link DenseKernels#secondMomentMass}: the mass and velocity of the step, from its p and v. */
    static void mass(SecondMomentStepCoefficients c, double[] p, double[] v, double[] mass, double[] velocity,
                     int from, int to) {
        for (int i = from; i < to; i++) {
            double mi = mass(c, v[i]);
            mass[i] = mi;
            velocity[i] = p[i] / mi;
        }
    }

    /** The mass {@code M = s·(√(v/c₂) + ε)} of one entry whose second moment (after the step) is {@code v}. */
    private static double mass(SecondMomentStepCoefficients c, double v) {
        return c.factor() * (Math.sqrt(v / c.correction2()) + c.epsilon());
    }
}
