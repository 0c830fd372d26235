package io.github.pontryagin.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import io.github.pontryagin.core.optim.LearningRateSchedule;
import io.github.pontryagin.core.optim.Objective;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.optim.SliceRunner;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.DataFiles;
import io.github.pontryagin.odenets.data.TrainTest;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingListener;
import io.github.pontryagin.odenets.train.TrainingProgress;

/**
 * The training step of {@code pontryagin mnist} with its defaults (the net of {@link MnistStepTiming}, AdamW with
 * learning rate 0.003 and decay 0.01 under the cosine schedule, batches of 100 of the 54 000 images left by the
 * validation split, keep-best; 2 threads unless told), split into the gradient evaluation and the rest: the
 * {@link Trainer} runs as in the command, and the objective is timed inside the optimizer's step. Prints per epoch
 * the mean, median and 10th percentile of the wall milliseconds per step, of the part outside
 * {@code lossAndGradient} (batch gathering, the optimizer's update, the schedule, the trainer's copy and guard,
 * listeners), and the CPU milliseconds per step of the training thread and of the process; the steps that end an
 * epoch (and evaluate) are left out.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=100000 -cp benchmarks.jar \
 *        io.github.pontryagin.benchmarks.MnistTrainingStepTiming [--mnist-dir data/mnist] [--threads 2] [--epochs 2]
 * </pre>
 * The first epoch includes the JIT's warm-up; compare two builds by running them alternately on the later epochs
 * (the medians are the steadier figures on a shared machine). The mean step of every tenth of an epoch shows how
 * long the warm-up lasts.
 */
public final class MnistTrainingStepTiming {

    private MnistTrainingStepTiming() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of("data/mnist");
        int threads = 2;
        int epochs = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mnist-dir" -> directory = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --mnist-dir "
                        + "DIR, --threads T or --epochs E");
            }
        }
        TrainTest split = DataFiles.mnist(directory).train().split(0.9, 1);
        int steps = split.train().size() / MnistStepTiming.BATCH;
        Timed optimizer = new Timed(Optimizers.registry().get("adamw").create(0.003, 0.9, 0.01));
        try (OdeNet net = MnistStepTiming.mnistNet(split.train().dimension(), threads).build()) {
            Trainer.builder().optimizer(optimizer)
                    .schedule(LearningRateSchedule.registry().get("cosine").apply((long) epochs * steps))
                    .epochs(epochs).batchSize(MnistStepTiming.BATCH).seed(1).evaluateEvery(steps)
                    .trainAccuracyPoints(10_000).keepBest(true).listener(new Recorder(optimizer, steps, threads))
                    .build().train(net, split.train(), split.test());
        }
    }

    /** The optimizer of the run, with the time of its objective's evaluations summed. */
    private static final class Timed implements Optimizer {
        private final Optimizer inner;
        /** Nanoseconds in the objective, shared with the scheduled form. */
        private final long[] objectiveNanos;

        Timed(Optimizer inner) {
            this(inner, new long[1]);
        }

        private Timed(Optimizer inner, long[] objectiveNanos) {
            this.inner = inner;
            this.objectiveNanos = objectiveNanos;
        }

        long objectiveNanos() {
            return objectiveNanos[0];
        }

        @Override
        public OptimizerState newState(int dimension) {
            return inner.newState(dimension);
        }

        /** The inner optimizer's own scheduled form (which may fuse the schedule into its pass), timed. */
        @Override
        public Optimizer withSchedule(LearningRateSchedule schedule) {
            return new Timed(inner.withSchedule(schedule), objectiveNanos);
        }

        @Override
        public double step(Objective objective, double[] u, OptimizerState state) {
            return inner.step(new Objective() {
                @Override
                public double valueAndGradient(double[] point, double[] gradOut) {
                    long start = System.nanoTime();
                    double value = objective.valueAndGradient(point, gradOut);
                    objectiveNanos[0] += System.nanoTime() - start;
                    return value;
                }

                @Override
                public SliceRunner sliceRunner() {
                    return objective.sliceRunner();
                }
            }, u, state);
        }
    }

    /** Times every step between two calls of the listener, on the training thread; prints an epoch at its end. */
    private static final class Recorder implements TrainingListener {
        private final Timed optimizer;
        private final int threads;
        private final long[] wall;
        private final long[] outside;
        private final java.lang.management.ThreadMXBean thread =
                java.lang.management.ManagementFactory.getThreadMXBean();
        private final java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private int count;
        private long lastTraining;
        private long lastObjective;
        private long lastThreadCpu;
        private long lastProcessCpu;
        private long threadCpu;
        private long processCpu;

        Recorder(Timed optimizer, int steps, int threads) {
            this.optimizer = optimizer;
            this.threads = threads;
            this.wall = new long[steps];
            this.outside = new long[steps];
        }

        @Override
        public void onStart(long firstIteration, long totalIterations) {
            mark(0);
        }

        @Override
        public void onIteration(TrainingProgress p) {
            long training = p.elapsedNanos() - p.evaluationNanos();
            if (p.evaluated()) {
                print(p.iteration() / wall.length);
                count = 0;
                threadCpu = 0;
                processCpu = 0;
            } else {
                wall[count] = training - lastTraining;
                outside[count] = wall[count] - (optimizer.objectiveNanos() - lastObjective);
                count++;
                threadCpu += thread.getCurrentThreadCpuTime() - lastThreadCpu;
                processCpu += processCpuNanos() - lastProcessCpu;
            }
            mark(training);
        }

        private void mark(long training) {
            lastTraining = training;
            lastObjective = optimizer.objectiveNanos();
            lastThreadCpu = thread.getCurrentThreadCpuTime();
            lastProcessCpu = processCpuNanos();
        }

        private long processCpuNanos() {
            return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
        }

        private void print(long epoch) {
            System.out.printf(Locale.ROOT, "epoch %d, %d threads, %d steps: wall %s; outside lossAndGradient %s; "
                            + "cpu per step %.3f ms (training thread), %.3f ms (process); load %.2f%n", epoch, threads,
                    count, summary(wall), summary(outside), threadCpu * 1e-6 / count, processCpu * 1e-6 / count,
                    os.getSystemLoadAverage());
            StringBuilder tenths = new StringBuilder("  mean wall ms per tenth of the epoch:");
            for (int b = 0; b < 10; b++) {
                long sum = 0;
                int from = b * count / 10;
                int to = (b + 1) * count / 10;
                for (int i = from; i < to; i++) {
                    sum += wall[i];
                }
                tenths.append(String.format(Locale.ROOT, " %.2f", sum * 1e-6 / Math.max(1, to - from)));
            }
            System.out.println(tenths);
            StringBuilder first = new StringBuilder("  wall ms of the first 20 steps:");
            for (int i = 0; i < Math.min(20, count); i++) {
                first.append(String.format(Locale.ROOT, " %.1f", wall[i] * 1e-6));
            }
            System.out.println(first);
        }

        /** Mean, median and 10th percentile of the first {@code count} entries, in ms. */
        private String summary(long[] nanos) {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "mean %.3f ms, median %.3f, p10 %.3f",
                    Arrays.stream(sorted).sum() * 1e-6 / count, sorted[count / 2] * 1e-6, sorted[count / 10] * 1e-6);
        }
    }
}
