package io.github.pontryagin.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.kernel.VectorApi;
import io.github.pontryagin.odenets.LossObjective;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.DatasetGenerator;

/**
 * Whole training runs for {@code compare-training.sh}: the suite-B net (docs/theory.md §4: d = 2, N = 15,
 * T = 1.5, tanh sigma-affine field, the paper's logistic least-squares head and initialisation, seed 1) on one of
 * the settings below, trained full batch by gradient descent with Armijo backtracking (ρ = 0.5, c = 0.4, τ₀ = 1),
 * warm-started ({@code τ_k = min(2τ_{k−1}, 1)}) or restarted from τ₀, value-only trial points, followed by the
 * step-size projection for ODENet+simplex. Prints one line per setting:
 * <pre>
 *   RESULT &lt;setting&gt; &lt;iterations&gt; &lt;seconds&gt; &lt;iterations/s&gt; &lt;value evaluations&gt; &lt;gradient evaluations&gt; &lt;final loss&gt; &lt;CPU seconds&gt; &lt;CPU seconds of the second half&gt;
 * </pre>
 * The CPU seconds are those of the training thread (all of the run's CPU time with one thread): on a shared
 * machine they are the steadier measure. Those of the second half of the iterations, once the JIT has compiled
 * the kernels, give the steady rate; the whole run's rate includes the warm-up that a user's run pays too.
 * With {@code --export DIR} it first writes {@code DIR/<setting>.json}: the training points, labels and the
 * initial parameters by block, so that {@code pytorch_train.py} trains the very same net from the very same point.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp benchmarks.jar io.github.pontryagin.benchmarks.TrainingTiming \
 *        [--iterations 2000] [--points 1000] [--threads 1] [--restart] [--export DIR] [setting ...]
 * </pre>
 */
public final class TrainingTiming {

    /** A data set, a model and a tableau. */
    record Setting(String name, String dataset, StepSizePolicy steps, String tableau) {
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("spiral-odenet-rk4", "spiral", StepSizePolicy.FREE, "rk4"),
            new Setting("donut2d-resnet-euler", "donut2d", StepSizePolicy.FIXED, "euler"),
            new Setting("squares-simplex-heun", "squares", StepSizePolicy.SIMPLEX, "heun"));

    private TrainingTiming() {
    }

    static Setting byName(String name) {
        for (Setting s : SETTINGS) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown setting '" + name + "'; expected one of "
                + SETTINGS.stream().map(Setting::name).toList());
    }

    public static void main(String[] args) throws IOException {
        int iterations = 2000;
        int points = 1000;
        int threads = 1;
        boolean restart = false;
        Path export = null;
        List<Setting> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--points" -> points = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--restart" -> restart = true;
                case "--export" -> export = Path.of(args[++i]);
                default -> settings.add(byName(args[i]));
            }
        }
        if (settings.isEmpty()) {
            settings.addAll(SETTINGS);
        }
        System.out.println("KERNELS " + VectorApi.describe());
        for (Setting setting : settings) {
            Dataset train = DatasetGenerator.byName(setting.dataset()).generate(points, 1);
            try (OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(15).horizon(1.5)
                    .tableau(setting.tableau()).stepSizes(setting.steps()).threads(threads).seed(1).build()) {
                if (export != null) {
                    Files.createDirectories(export);
                    Files.writeString(export.resolve(setting.name() + ".json"), json(setting, net, train));
                }
                run(setting, net, train, iterations, restart);
            }
        }
    }

    private static void run(Setting setting, OdeNet net, Dataset train, int iterations, boolean restart) {
        Optimizer optimizer = (restart ? Optimizers.armijo(1.0, 0.5, 0.4)
                : Optimizers.armijoWarmStart(1.0, 0.5, 0.4, 1.0)).withProjection(net.constraints());
        LossObjective objective = net.objective(train.features(), train.labels(), train.size());
        double[] u = net.parameters();
        OptimizerState state = optimizer.newState(u.length);
        java.lang.management.ThreadMXBean clock = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = clock.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long cpuHalf = cpuStart;
        for (int k = 0; k < iterations; k++) {
            if (k == iterations / 2) {
                cpuHalf = clock.getCurrentThreadCpuTime();
            }
            optimizer.step(objective, u, state);
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        long cpuEnd = clock.getCurrentThreadCpuTime();
        double cpuSeconds = (cpuEnd - cpuStart) * 1e-9;
        double cpuSecondHalf = (cpuEnd - cpuHalf) * 1e-9;
        double loss = net.loss(u, train.features(), train.labels(), train.size());
        System.out.printf(Locale.ROOT, "RESULT %s %d %.3f %.1f %d %d %.7g %.3f %.3f%n", setting.name(), iterations,
                seconds, iterations / seconds, objective.valueEvaluations(), objective.gradientEvaluations(), loss,
                cpuSeconds, cpuSecondHalf);
    }

    /** Points, labels, the net's settings and its initial parameters by block, as JSON. */
    private static String json(Setting setting, OdeNet net, Dataset train) {
        Parameters layout = net.layout();
        double[] u = net.parameters();
        int m = train.size();
        double[] x = train.features();
        StringBuilder out = new StringBuilder("{\n");
        out.append("\"setting\": \"").append(setting.name()).append("\",\n");
        out.append("\"tableau\": \"").append(setting.tableau()).append("\",\n");
        out.append("\"steps\": \"").append(setting.steps().name().toLowerCase(Locale.ROOT)).append("\",\n");
        out.append("\"horizon\": 1.5,\n\"layers\": ").append(net.layers()).append(",\n\"width\": ")
                .append(net.width()).append(",\n");
        out.append("\"x\": ").append(array(i -> x[i], 0, 2 * m)).append(",\n"); // feature-major 2 × M
        int[] labels = train.labels();
        out.append("\"labels\": ").append(array(i -> labels[i], 0, m)).append(",\n");
        StringJoiner layers = new StringJoiner(",\n", "[", "]");
        for (int n = 0; n < net.layers(); n++) {
            Parameters.Block k = layout.layer(n).block("K");
            Parameters.Block beta = layout.layer(n).block("beta");
            layers.add("{\"K\": " + array(i -> u[i], k.offset(), k.end()) + ", \"beta\": "
                    + array(i -> u[i], beta.offset(), beta.end()) + "}");
        }
        out.append("\"theta\": ").append(layers).append(",\n");
        double[] h = net.stepSizes(u);
        out.append("\"h\": ").append(array(i -> h[i], 0, h.length)).append(",\n");
        out.append("\"W\": ").append(array(i -> u[i], layout.headWeights().offset(), layout.headWeights().end()))
                .append(",\n");
        out.append("\"mu\": ").append(u[layout.headBias().offset()]).append("\n}\n");
        return out.toString();
    }

    private interface Entry {
        double at(int i);
    }

    private static String array(Entry entry, int from, int to) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (int i = from; i < to; i++) {
            j.add(Double.toString(entry.at(i)));
        }
        return j.toString();
    }
}
