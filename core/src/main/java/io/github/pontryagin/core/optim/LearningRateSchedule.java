package io.github.pontryagin.core.optim;

import java.util.function.LongFunction;

import io.github.pontryagin.core.Registry;

/**
 * A factor {@code s_k ∈ (0, 1]} that multiplies an optimizer's step at iteration k = 0, 1, …
 * ({@link Optimizer#withSchedule(LearningRateSchedule)}): the learning rate of step k is {@code s_k} times the
 * optimizer's own. Izmailov, Podoprikhin, Garipov, Vetrov and Wilson 2018 ("Averaging weights leads to wider optima
 * and better generalization") for the cyclic schedule of SWA; Loshchilov and Hutter 2017 (SGDR) for cosine
 * annealing with restarts; docs/theory.md §3.12.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * @param iteration k ≥ 0, the number of steps already taken
     * @return the factor {@code s_k}
     */
    double factor(long iteration);

    /** @return {@code s_k = 1} */
    static LearningRateSchedule constant() {
        return k -> 1.0;
    }

    /**
     * Cosine annealing with warm restarts: {@code s_k = f + (1 − f)(1 + cos(π (k mod c)/c))/2}.
     *
     * @param period c ≥ 1 steps per cycle
     * @param floor  f ∈ [0, 1), the factor reached at the end of a cycle
     */
    static LearningRateSchedule cosine(long period, double floor) {
        requirePeriod(period);
        Checks.unitHalfOpen("schedule floor", floor);
        return k -> floor + (1.0 - floor) * 0.5 * (1.0 + Math.cos(Math.PI * (k % period) / period));
    }

    /**
     * Step decay: {@code s_k = γ^{⌊k/c⌋}}.
     *
     * @param period c ≥ 1 steps between reductions
     * @param gamma  γ ∈ (0, 1]
     */
    static LearningRateSchedule step(long period, double gamma) {
        requirePeriod(period);
        Checks.unitLeftOpen("schedule gamma", gamma);
        return k -> Math.pow(gamma, (double) (k / period));
    }

    /**
     * The cyclic schedule of SWA (Izmailov et al. 2018, §3.1): within each cycle of c steps the factor falls
     * linearly from 1 to f, {@code t = ((k mod c) + 1)/c}, {@code s_k = (1 − t) + t f}; the iterates at the ends of
     * the cycles (k + 1 ≡ 0 mod c) are the ones SWA averages.
     *
     * @param period c ≥ 1
     * @param floor  f ∈ (0, 1]
     */
    static LearningRateSchedule cyclic(long period, double floor) {
        requirePeriod(period);
        Checks.unitLeftOpen("schedule floor", floor);
        return k -> {
            double t = (double) ((k % period) + 1) / period;
            return (1.0 - t) + t * floor;
        };
    }

    private static void requirePeriod(long period) {
        if (period < 1) {
            throw new IllegalArgumentException("schedule period must be >= 1 step, got " + period);
        }
    }

    /**
     * The schedules by name for the command line; each is built from a period (steps) and its floor / decay
     * factor 0.01 (cosine, cyclic) or 0.5 (step).
     */
    static Registry<LongFunction<LearningRateSchedule>> registry() {
        return Registry.<LongFunction<LearningRateSchedule>>builder("schedule")
                .add("constant", "the optimizer's learning rate at every step", c -> constant())
                .add("cosine", "cosine annealing with restarts every PERIOD steps, down to 0.01 (Loshchilov and "
                        + "Hutter 2017)", c -> cosine(c, 0.01))
                .add("step", "learning rate halved every PERIOD steps", c -> step(c, 0.5))
                .add("cyclic", "linear from 1 to 0.01 in every cycle of PERIOD steps, SWA's schedule (Izmailov et al. "
                        + "2018)", c -> cyclic(c, 0.01))
                .build();
    }
}
