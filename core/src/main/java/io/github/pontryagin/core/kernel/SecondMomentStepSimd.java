package io.github.pontryagin.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD variant of the whole vectors of {@link DenseKernels#secondMomentStep} (scalar variant and tails:
 * {@link SecondMomentStep}); lane by lane the same operations in the same order, so the same bits.
 */
final class SecondMomentStepSimd {

    private static final VectorSpecies<Double> SPECIES = Simd.SPECIES;
    private static final int L = Simd.L;

    private SecondMomentStepSimd() {
    }

    /** Whole vectors of {@link SecondMomentStep#step} from {@code from}; returns the first entry not done. */
    static int step(SecondMomentStepCoefficients c, double[] g, double[] p, double[] v, double[] mass,
                    double[] velocity, double[] u, int from, int to) {
        double contraction = c.contraction();
        double h = c.h();
        double beta2 = c.beta2();
        double oneMinusBeta2 = 1.0 - beta2;
        double correction2 = c.correction2();
        double factor = c.factor();
        double epsilon = c.epsilon();
        double decay = c.decay();
        double schedule = c.schedule();
        boolean scheduled = c.scheduled();
        int upper = from + (to - from) / L * L;
        for (int i = from; i < upper; i += L) {
            DoubleVector gi = DoubleVector.fromArray(SPECIES, g, i);
            DoubleVector pi = DoubleVector.fromArray(SPECIES, p, i).mul(contraction).sub(gi.mul(h));
            DoubleVector vi = DoubleVector.fromArray(SPECIES, v, i).mul(beta2).add(gi.mul(oneMinusBeta2).mul(gi));
            DoubleVector mi = vi.div(correction2).lanewise(VectorOperators.SQRT).add(epsilon).mul(factor);
            DoubleVector wi = pi.div(mi);
            DoubleVector ui = DoubleVector.fromArray(SPECIES, u, i);
            DoubleVector next = ui.add(wi.mul(h).sub(ui.mul(decay)));
            pi.intoArray(p, i);
            vi.intoArray(v, i);
            if (mass != null) {
                mi.intoArray(mass, i);
                wi.intoArray(velocity, i);
            }
            (scheduled ? ui.add(next.sub(ui).mul(schedule)) : next).intoArray(u, i);
        }
        return upper;
    }
}
