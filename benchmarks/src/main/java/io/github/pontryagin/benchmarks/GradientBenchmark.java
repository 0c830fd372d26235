package io.github.pontryagin.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One loss-and-gradient evaluation (forward pass, logistic least-squares head, discrete adjoint) of the
 * issue's configurations, float64, tanh sigma-affine field. Run with {@code -prof gc} to see the
 * allocation per evaluation ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class GradientBenchmark {

    @Param({"d2-euler", "d2-rk4", "d4-rk4", "d64-rk4", "d256-rk4"})
    public String problem;

    @Param({"1", "2"})
    public int threads;

    private BenchmarkProblem.Evaluation evaluation;

    @Setup(Level.Trial)
    public void setUp() {
        evaluation = BenchmarkProblem.byName(problem).evaluation(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        evaluation.close();
    }

    @Benchmark
    public double lossAndGradient() {
        return evaluation.lossAndGradient();
    }
}
