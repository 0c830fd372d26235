package io.github.pontryagin.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A plain timing main for {@code compare-pytorch.sh}: the same protocol as {@code pytorch_bench.py}
 * (warm up for a fixed time, then the median over repeats of the mean time of a block of evaluations),
 * one line {@code RESULT <config> <threads> <ms per gradient>} per configuration.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp benchmarks.jar io.github.pontryagin.benchmarks.GradientTiming \
 *        [--threads 2] [--repeats 7] [--warmup 2.0] [config ...]
 * </pre>
 * With no configuration names, all of {@link BenchmarkProblem#ALL} are timed.
 */
public final class GradientTiming {

    private GradientTiming() {
    }

    public static void main(String[] args) {
        int threads = 2;
        int repeats = 7;
        double warmupSeconds = 2.0;
        double blockSeconds = 0.25;
        List<BenchmarkProblem> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--warmup" -> warmupSeconds = Double.parseDouble(args[++i]);
                case "--block" -> blockSeconds = Double.parseDouble(args[++i]);
                default -> problems.add(BenchmarkProblem.byName(args[i]));
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(BenchmarkProblem.ALL);
        }
        for (BenchmarkProblem problem : problems) {
            double ms = time(problem, threads, repeats, warmupSeconds, blockSeconds);
            System.out.printf(Locale.ROOT, "RESULT %s %d %.4f%n", problem.name(), threads, ms);
        }
    }

    /** Median over {@code repeats} blocks of the mean milliseconds per loss-and-gradient evaluation. */
    static double time(BenchmarkProblem problem, int threads, int repeats, double warmupSeconds,
                       double blockSeconds) {
        try (BenchmarkProblem.Evaluation evaluation = problem.evaluation(threads)) {
            double sink = 0;
            long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            int calls = 0;
            long start = System.nanoTime();
            do {
                sink += evaluation.lossAndGradient();
                calls++;
            } while (System.nanoTime() < warmupEnd || calls < 3);
            double perCall = (System.nanoTime() - start) / 1e9 / calls;
            int block = Math.max(1, (int) Math.ceil(blockSeconds / perCall));
            double[] samples = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                for (int c = 0; c < block; c++) {
                    sink += evaluation.lossAndGradient();
                }
                samples[r] = (System.nanoTime() - t0) / 1e6 / block;
            }
            if (!Double.isFinite(sink)) {
                throw new IllegalStateException("non-finite loss in " + problem.name());
            }
            Arrays.sort(samples);
            return samples[repeats / 2];
        }
    }
}
