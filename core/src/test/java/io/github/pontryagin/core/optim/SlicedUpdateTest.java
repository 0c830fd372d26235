package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optimizers that update u element-wise on the objective's threads ({@link Objective#sliceRunner()}: the
 * {@link PreconditionedConformalEuler} family and the {@link ScheduledOptimizer}) give the bits of their one-thread
 * update, also inside the gradient-clipping and Stiefel wrappers, with slices cut at uneven places (not multiples of anything, the last ones first) and run concurrently on
 * three threads, at sizes below one grain, around it and not divisible by the thread count.
 */
class SlicedUpdateTest {

    private static final int STEPS = 6;
    private static ExecutorService threads;

    @BeforeAll
    static void startThreads() {
        threads = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopThreads() {
        threads.shutdownNow();
    }

    /** A separable objective whose gradient entries differ in size and sign, from a seed. */
    private static final class Separable implements Objective {
        private final double[] weight;
        private final double[] center;
        private final SliceRunner slices;
        final AtomicInteger slicesRun = new AtomicInteger();

        Separable(int n, SliceRunner slices) {
            SplittableRandom random = new SplittableRandom(n);
            weight = new double[n];
            center = new double[n];
            for (int i = 0; i < n; i++) {
                weight[i] = Math.exp(random.nextDouble(-3.0, 3.0));
                center[i] = random.nextGaussian();
            }
            this.slices = slices == null ? null : (length, grain, work) -> slices.run(length, grain, (from, to) -> {
                slicesRun.incrementAndGet();
                work.run(from, to);
            });
        }

        @Override
        public double valueAndGradient(double[] u, double[] gradOut) {
            double value = 0.0;
            for (int i = 0; i < u.length; i++) {
                double e = u[i] - center[i];
                value += 0.5 * weight[i] * e * e + 0.1 * Math.cos(3.0 * u[i]);
                gradOut[i] = weight[i] * e - 0.3 * Math.sin(3.0 * u[i]);
            }
            return value;
        }

        @Override
        public SliceRunner sliceRunner() {
            return slices == null ? Objective.super.sliceRunner() : slices;
        }
    }

    /** Cuts [0, n) into four slices at uneven places, ignoring the grain, and runs them on three threads. */
    private static final SliceRunner UNEVEN = (n, grain, work) -> {
        int[] cut = {0, n / 7, n / 7 + (n + 2) / 3, n - n / 5, n};
        List<Future<?>> running = new ArrayList<>();
        for (int s = cut.length - 2; s >= 0; s--) {
            int from = cut[s];
            int to = cut[s + 1];
            running.add(threads.submit(() -> work.run(from, to)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    };

    /**
     * The sliced optimizers, alone, scheduled, and inside the wrappers that hand the inner optimizer an objective of
     * their own (gradient clipping; the Stiefel wrapper, for n with room for a 3 × 2 block): those must pass the
     * threads of the objective they wrap on.
     */
    private static List<Optimizer> optimizers(int n) {
        LearningRateSchedule cosine = LearningRateSchedule.cosine(STEPS, 0.01);
        List<Optimizer> all = new ArrayList<>(List.of(Optimizers.adam(0.01),
                Optimizers.adamW(0.01, 0.9, 0.999, 1e-8, 0.05), Optimizers.rmsProp(0.01, 0.9, 1e-8),
                Optimizers.adagrad(0.1, 1e-8), Optimizers.adadelta(1.0, 0.95, 1e-6),
                Optimizers.adamW(0.01, 0.9, 0.999, 1e-8, 0.05).withSchedule(cosine),
                Optimizers.adadelta(1.0, 0.95, 1e-6).withSchedule(cosine),
                Optimizers.heavyBall(0.01, 0.9).withSchedule(cosine),
                Optimizers.adam(0.01).withGradientClipping(GradientClipping.byGlobalNorm(1.0))));
        if (n >= 6) {
            all.add(Optimizers.adam(0.01).onStiefel(List.of(new StiefelBlock("W", 0, 3, 2)), Retraction.QR));
        }
        return all;
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 7, SliceRunner.VECTOR_GRAIN - 1, 2 * SliceRunner.VECTOR_GRAIN + 1, 100_003})
    void slicedStepsHaveTheBitsOfTheOneThreadSteps(int n) {
        for (Optimizer optimizer : optimizers(n)) {
            Separable serial = new Separable(n, null);
            Separable sliced = new Separable(n, UNEVEN);
            double[] u = start(n);
            double[] v = start(n);
            OptimizerState serialState = optimizer.newState(n);
            OptimizerState slicedState = optimizer.newState(n);
            for (int step = 1; step <= STEPS; step++) {
                double a = optimizer.step(serial, u, serialState);
                double b = optimizer.step(sliced, v, slicedState);
                String where = optimizer + ", n = " + n + ", step " + step;
                assertEquals(Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(b), where + ": value");
                assertSameBits(u, v, where + ": u");
                OptimizerState.Snapshot x = serialState.snapshot();
                OptimizerState.Snapshot y = slicedState.snapshot();
                assertSameBits(x.momentum(), y.momentum(), where + ": momentum");
                assertSameBits(x.secondMoment(), y.secondMoment(), where + ": second moment");
                assertSameBits(x.accumulatedUpdate(), y.accumulatedUpdate(), where + ": accumulated update");
                assertSameBits(x.point(), y.point(), where + ": mass");
            }
            assertTrue(sliced.slicesRun.get() >= 4 * STEPS, optimizer + " ran its passes on the objective's slices");
        }
    }

    private static double[] start(int n) {
        SplittableRandom random = new SplittableRandom(17);
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = random.nextGaussian();
        }
        return u;
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                assertEquals(expected[i], actual[i], what + ": entry " + i + " of " + expected.length);
            }
        }
    }
}
