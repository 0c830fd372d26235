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

import io.github.pontryagin.core.optim.Objective;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;

/**
 * Training throughput (iterations per second) of the suite-B spiral configuration (docs/theory.md §4): N = 15,
 * d = 2, fixed h = 0.1 (T = 1.5), 1000 spiral points (full batch), gradient descent with Armijo
 * backtracking ρ = 0.5, c = 0.4. One iteration is one optimizer step: a gradient at u plus the
 * backtracking trial evaluations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainingBenchmark {

    @Param({"euler", "heun", "kutta3", "rk4"})
    public String tableau;

    @Param({"1", "2"})
    public int threads;

    private OdeNet net;
    private Optimizer optimizer;
    private OptimizerState state;
    private Objective objective;
    private double[] u;

    @Setup(Level.Trial)
    public void setUp() {
        net = suiteB(tableau, threads);
        Dataset train = Datasets.spiral(1000, 1);
        double[] x = train.features();
        int[] labels = train.labels();
        int m = train.size();
        objective = net.objective(x, labels, m);
        optimizer = Optimizers.armijo(1.0, 0.5, 0.4);
        state = optimizer.newState(net.parameters().length);
        u = net.parameters().clone();
    }

    /** The suite-B net: spiral (d0 = 2), width 2, 15 layers, fixed h = 0.1. */
    static OdeNet suiteB(String tableau, int threads) {
        return OdeNet.builder().inputDimension(2).width(2).layers(15).tableau(tableau)
                .stepSizes(StepSizePolicy.FIXED).horizon(1.5).threads(threads).seed(1).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
    }

    @Benchmark
    public double iteration() {
        return optimizer.step(objective, u, state);
    }
}
