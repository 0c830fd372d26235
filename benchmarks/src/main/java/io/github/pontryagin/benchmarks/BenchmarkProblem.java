package io.github.pontryagin.benchmarks;

import java.util.List;

import io.github.pontryagin.core.Registry;
import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;

/**
 * One benchmark configuration of the performance issue: a tanh {@code sigma-affine} ODE-net of width
 * {@code d} with {@code N} layers of one tableau, evaluated on {@code M} spiral points (lifted to {@code d}
 * by zero padding), with the paper's logistic least-squares head and learned step sizes (so the gradient
 * covers K, β, h, W and μ). {@code pytorch_bench.py} builds the same network from the same description.
 *
 * @param name    short id used on the command line and in tables, e.g. {@code d64-rk4}
 * @param width   state dimension d
 * @param layers  number of layers N
 * @param batch   number of points M
 * @param tableau tableau name ({@code euler}, {@code rk4}, ...)
 */
public record BenchmarkProblem(String name, int width, int layers, int batch, String tableau)
        implements Registry.Named {

    /** The configurations named in the issue, in table order. */
    public static final List<BenchmarkProblem> ALL = List.of(
            new BenchmarkProblem("d2-euler", 2, 20, 2000, "euler"),
            new BenchmarkProblem("d2-rk4", 2, 20, 2000, "rk4"),
            new BenchmarkProblem("d4-rk4", 4, 15, 1000, "rk4"),
            new BenchmarkProblem("d64-rk4", 64, 20, 1024, "rk4"),
            new BenchmarkProblem("d256-rk4", 256, 10, 1024, "rk4"));

    private static final Registry<BenchmarkProblem> REGISTRY = register();

    private static Registry<BenchmarkProblem> register() {
        Registry.Builder<BenchmarkProblem> b = Registry.builder("benchmark configuration");
        ALL.forEach(b::add);
        return b.build();
    }

    /** The configurations of {@link #ALL} by name. */
    public static Registry<BenchmarkProblem> registry() {
        return REGISTRY;
    }

    /**
     * The configuration called {@code name}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the known configurations if there is none of that name
     */
    public static BenchmarkProblem byName(String name) {
        return REGISTRY.get(name);
    }

    /** @return one line: width, layers, points and tableau */
    @Override
    public String description() {
        return "d = " + width + ", N = " + layers + ", M = " + batch + ", " + tableau;
    }

    /** The net of this configuration, evaluated with {@code threads} worker threads. */
    public OdeNet net(int threads, int checkpointInterval) {
        return OdeNet.builder().inputDimension(2).width(width).layers(layers).tableau(tableau)
                .stepSizes(StepSizePolicy.FREE).horizon(1.0).threads(threads)
                .adjoint(checkpointInterval == 0 ? DiscreteAdjoint.reverse()
                        : checkpointInterval < 0 ? DiscreteAdjoint.reverse().checkpointSqrt()
                        : DiscreteAdjoint.reverse().checkpointEvery(checkpointInterval)).seed(1).build();
    }

    /** The M spiral points (seed 1). */
    public Dataset data() {
        return Datasets.spiral(batch, 1);
    }

    /** The state ready to evaluate one loss and gradient, or to be closed. */
    public Evaluation evaluation(int threads) {
        return new Evaluation(net(threads, 0), data());
    }

    /** A net, its data and a gradient array: everything one timed evaluation needs. */
    public static final class Evaluation implements AutoCloseable {
        private final OdeNet net;
        private final double[] x;
        private final int[] labels;
        private final int m;
        private final double[] gradient;

        Evaluation(OdeNet net, Dataset data) {
            this.net = net;
            this.x = data.features();
            this.labels = data.labels();
            this.m = data.size();
            this.gradient = new double[net.parameters().length];
        }

        /** One forward pass and discrete adjoint; returns the loss (the gradient is in {@link #gradient()}). */
        public double lossAndGradient() {
            return net.lossAndGradient(net.parameters(), x, labels, m, gradient);
        }

        public double[] gradient() {
            return gradient;
        }

        public OdeNet net() {
            return net;
        }

        @Override
        public void close() {
            net.close();
        }
    }
}
