package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.github.pontryagin.core.kernel.DenseKernels;
import io.github.pontryagin.core.kernel.SecondMomentStepCoefficients;
import org.junit.jupiter.api.Test;

/** Learning-rate schedules, SWA and SWAG, and the energy reading of the preconditioned flows. */
class ScheduleAndAveragingTest {

    @Test
    void schedulesHaveTheirTextbookValues() {
        LearningRateSchedule cosine = LearningRateSchedule.cosine(10, 0.1);
        assertEquals(1.0, cosine.factor(0), 1e-15);
        assertEquals(0.55, cosine.factor(5), 1e-15);
        assertEquals(1.0, cosine.factor(10), 1e-15, "warm restart");
        LearningRateSchedule step = LearningRateSchedule.step(3, 0.5);
        assertEquals(1.0, step.factor(2), 0.0);
        assertEquals(0.25, step.factor(6), 0.0);
        LearningRateSchedule cyclic = LearningRateSchedule.cyclic(4, 0.2);
        assertEquals(0.8, cyclic.factor(0), 1e-15);
        assertEquals(0.2, cyclic.factor(3), 1e-15, "the end of a cycle reaches the floor");
        assertEquals(0.8, cyclic.factor(4), 1e-15);
    }

    @Test
    void scheduledAdamEqualsAdamWithScheduledLearningRate() {
        TestObjectives.Quadratic f = new TestObjectives.Quadratic(5, 1e3, 2);
        LearningRateSchedule schedule = LearningRateSchedule.cosine(7, 0.05);
        Optimizer scheduled = Optimizers.adam(0.01).withSchedule(schedule);
        double[] u = {0.5, -0.5, 0.2, 0.1, -0.3};
        double[] reference = u.clone();
        double[] m = new double[5];
        double[] v = new double[5];
        OptimizerState state = scheduled.newState(5);
        double worst = 0.0;
        for (int k = 0; k < 50; k++) {
            scheduled.step(f, u, state);
            double[] g = TestObjectives.gradient(f, reference);
            double alpha = 0.01 * schedule.factor(k);
            for (int i = 0; i < 5; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double mHat = m[i] / (1.0 - Math.pow(0.9, k + 1));
                double vHat = v[i] / (1.0 - Math.pow(0.999, k + 1));
                reference[i] -= alpha * mHat / (Math.sqrt(vHat) + 1e-8);
                worst = Math.max(worst, Math.abs(u[i] - reference[i]) / Math.max(1.0, Math.abs(reference[i])));
            }
        }
        assertTrue(worst <= 1e-12, "scheduled Adam differs by " + worst);
    }

    /**
     * A scheduled preconditioned step (Adam's fused pass, and the separate passes of Adagrad and Adadelta) is bit for
     * bit the unscheduled step followed by the schedule's blend {@code u₀ + s_k(Φ(u₀) − u₀)}, the two-pass form the
     * scheduled optimizer uses for every other optimizer; at {@code s_k = 1} it is the unscaled step itself.
     */
    @Test
    void scheduledPreconditionedStepsHaveTheBitsOfTheBlendedStep() {
        TestObjectives.Quadratic f = new TestObjectives.Quadratic(37, 1e3, 2);
        LearningRateSchedule schedule = k -> k % 5 == 0 ? 1.0 : 1.0 / (1 + 0.3 * k);
        for (Optimizer inner : new Optimizer[] {Optimizers.adamW(0.01, 0.9, 0.999, 1e-8, 0.01),
            Optimizers.rmsProp(0.01, 0.9, 1e-8), Optimizers.adagrad(0.1, 1e-8), Optimizers.adadelta(1.0, 0.9, 1e-6)}) {
            Optimizer scheduled = inner.withSchedule(schedule);
            double[] u = new double[37];
            for (int i = 0; i < u.length; i++) {
                u[i] = Math.sin(1.7 * i) - 0.2;
            }
            double[] reference = u.clone();
            OptimizerState state = scheduled.newState(u.length);
            OptimizerState referenceState = inner.newState(u.length);
            for (int k = 0; k < 30; k++) {
                scheduled.step(f, u, state);
                double[] start = reference.clone();
                inner.step(f, reference, referenceState);
                double factor = schedule.factor(k);
                if (factor != 1.0) {
                    for (int i = 0; i < u.length; i++) {
                        reference[i] = start[i] + factor * (reference[i] - start[i]);
                    }
                }
                for (int i = 0; i < u.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(reference[i]), Double.doubleToRawLongBits(u[i]),
                            inner + ", step " + k + ", entry " + i);
                }
            }
        }
    }

    /**
     * The second-moment rule's own {@code update} (the {@link DiagonalMass.Step} contract, which the preconditioned
     * flow no longer calls for it) writes the accumulator and the mass of the fused pass, bit for bit.
     */
    @Test
    void secondMomentRuleUpdateHasTheBitsOfTheFusedPass() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 37;
        double[] g = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = random.nextGaussian();
            v[i] = random.nextDouble();
        }
        DiagonalMass.SecondMomentStep rule = (DiagonalMass.SecondMomentStep)
                new DiagonalMass.SecondMoment(0.999, 1e-8, 0.9, true, 100.0).at(5);
        double[] vRule = v.clone();
        double[] massRule = new double[n];
        rule.update(g, vRule, new double[0], massRule, 0, n);
        double[] vFused = v.clone();
        double[] massFused = new double[n];
        DenseKernels.secondMomentStep(new SecondMomentStepCoefficients(0.9, 0.1, rule.beta2(), rule.correction2(),
                        rule.factor(), rule.epsilon(), 0.0, 1.0, false),
                g, new double[n], vFused, massFused, new double[n], new double[n], 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(vRule[i]), Double.doubleToRawLongBits(vFused[i]), "v, entry " + i);
            assertEquals(Double.doubleToRawLongBits(massRule[i]), Double.doubleToRawLongBits(massFused[i]),
                    "mass, entry " + i);
        }
    }

    @Test
    void nonPositivePeriodAndRankAreRejectedNamingTheValue() {
        IllegalArgumentException period = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.cosine(0, 0.1));
        assertTrue(period.getMessage().contains("period") && period.getMessage().contains("0"), period.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.cyclic(-3, 0.1));
        assertTrue(negative.getMessage().contains("-3"), negative.getMessage());
        IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.step(0, 0.5));
        assertEquals("schedule period must be >= 1 step, got 0", step.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> WeightAverage.swag(4, 0));
        assertTrue(rank.getMessage().contains("rank") && rank.getMessage().contains("0"), rank.getMessage());
    }

    @Test
    void swaIsTheArithmeticMeanAndSwagSamplesHaveTheStatedMeanAndCovariance() {
        int n = 3;
        int rank = 4;
        double[][] iterates = {{1, 2, 0}, {2, 1, 1}, {0, 4, 2}, {3, 3, -1}, {1, 0, 0}, {2, 2, 2}};
        WeightAverage swa = WeightAverage.swa(n);
        WeightAverage swag = WeightAverage.swag(n, rank);
        for (double[] u : iterates) {
            swa.add(u);
            swag.add(u);
        }
        double[] mean = new double[n];
        for (double[] u : iterates) {
            for (int i = 0; i < n; i++) {
                mean[i] += u[i] / iterates.length;
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(mean[i], swa.mean()[i], 1e-14);
        }
        // the deviation columns of SWAG: the last K iterates minus the running mean at the time they were added
        double[][] deviations = new double[rank][n];
        double[] running = new double[n];
        for (int t = 0; t < iterates.length; t++) {
            for (int i = 0; i < n; i++) {
                running[i] += (iterates[t][i] - running[i]) / (t + 1);
                deviations[t % rank][i] = iterates[t][i] - running[i];
            }
        }
        double[] variance = new double[n];
        swag.diagonalVariance(variance);
        double[][] expected = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double lowRank = 0.0;
                for (double[] d : deviations) {
                    lowRank += d[i] * d[j];
                }
                expected[i][j] = (i == j ? 0.5 * variance[i] : 0.0) + 0.5 * lowRank / (rank - 1);
            }
        }
        int samples = 200_000;
        double[] sample = new double[n];
        double[] sampleMean = new double[n];
        double[][] second = new double[n][n];
        SplittableRandom random = new SplittableRandom(5);
        for (int s = 0; s < samples; s++) {
            swag.sample(random, sample);
            for (int i = 0; i < n; i++) {
                sampleMean[i] += sample[i] / samples;
                for (int j = 0; j < n; j++) {
                    second[i][j] += (sample[i] - mean[i]) * (sample[j] - mean[j]) / samples;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(mean[i], sampleMean[i], 0.01, "sample mean");
            for (int j = 0; j < n; j++) {
                assertEquals(expected[i][j], second[i][j], 0.02 * (1.0 + Math.abs(expected[i][j])), "covariance " + i + j);
            }
        }
    }

    @Test
    void energyWithNonDecreasingMassDecreasesAtEveryStep() {
        TestObjectives.Quadratic f = new TestObjectives.Quadratic(6, 100.0, 4);
        // Adagrad's accumulated mass with heavy-ball momentum (e^{−γh} = 0.9): T_{t+1} ≤ T_t, so H decreases
        PreconditionedConformalEuler flow = new PreconditionedConformalEuler(0.1, 0.9,
                new DiagonalMass.Accumulated(1e-8, 10.0), 0.0, "Adagrad with momentum");
        double[] u = {1.0, -1.0, 0.5, 0.3, -0.2, 0.8};
        OptimizerState state = flow.newState(6);
        flow.step(f, u, state);
        double previous = flow.energy(TestObjectives.value(f, u), state);
        double first = previous;
        for (int k = 0; k < 2000; k++) {
            flow.step(f, u, state);
            double energy = flow.energy(TestObjectives.value(f, u), state);
            assertTrue(energy <= previous + 1e-15, "H rose at step " + k + ": " + previous + " → " + energy);
            previous = energy;
        }
        assertTrue(previous < 0.5 * first, "energy " + first + " → " + previous);
    }
}
