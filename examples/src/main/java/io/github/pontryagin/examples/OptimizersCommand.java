package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.core.optim.Objective;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.optim.Retraction;
import io.github.pontryagin.core.optim.TimeVaryingMomentum;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.odenets.data.TrainTest;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingResult;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pontryagin optimizers}: the tables of docs/optimizers.md for the first-order flows — iterations to
 * reach {@code J − J* ≤ tol} on Rosenbrock and on a quadratic with condition number 1e4, and the spiral with an
 * ODENet RK4 trained with and without orthogonal K (test accuracy and the Lipschitz bound e^{TL},
 * L = max_n ‖K_n‖₂ for the tanh sigma-affine field).
 */
@Command(name = "optimizers", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the markdown tables of docs/optimizers.md (section \"First-order flows, schedules, "
                + "manifolds and averaging\"): iterations on Rosenbrock and the kappa = 1e4 quadratic, and the "
                + "spiral with orthogonal K. Slow (minutes)."})
final class OptimizersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--max-iterations", paramLabel = "K", defaultValue = "200000", converter = Converters.PositiveInt.class,
            description = "Iteration cap of the benchmark problems (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--tolerance", paramLabel = "TOL", defaultValue = "1e-8", converter = Converters.PositiveDouble.class,
            description = "Stop when J - J* <= TOL (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--spiral-iterations", paramLabel = "K", defaultValue = "3000", converter = Converters.PositiveInt.class,
            description = "Adam iterations of the spiral runs (default: ${DEFAULT-VALUE}).")
    int spiralIterations;

    /** An objective that counts its evaluations. */
    private static final class Counting implements Objective {
        final Objective inner;
        long gradients;
        long values;

        Counting(Objective inner) {
            this.inner = inner;
        }

        @Override
        public double valueAndGradient(double[] u, double[] g) {
            gradients++;
            return inner.valueAndGradient(u, g);
        }

        @Override
        public double value(double[] u) {
            values++;
            return inner.value(u);
        }
    }

    private record Method(String name, Supplier<Optimizer> optimizer) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        double[][] a = quadraticMatrix(10, 1e4, 1);
        double[] center = new double[10];
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 10; i++) {
            center[i] = random.nextDouble(-1.0, 1.0);
        }
        Objective quadratic = (u, g) -> {
            double value = 0.0;
            for (int i = 0; i < 10; i++) {
                double s = 0.0;
                for (int j = 0; j < 10; j++) {
                    s += a[i][j] * (u[j] - center[j]);
                }
                g[i] = s;
                value += 0.5 * (u[i] - center[i]) * s;
            }
            return value;
        };
        Objective rosenbrock = (u, g) -> {
            double r = u[1] - u[0] * u[0];
            double s = 1.0 - u[0];
            g[0] = -400.0 * r * u[0] - 2.0 * s;
            g[1] = 200.0 * r;
            return 100.0 * r * r + s * s;
        };
        table(out, "Rosenbrock 100(y − x²)² + (1 − x)², start (−1.2, 1), J* = 0", rosenbrock, new double[] {-1.2, 1.0},
                methods(1e-3));
        table(out, "quadratic, n = 10, eigenvalues log-spaced in [1, 1e4], start 0, J* = 0", quadratic,
                new double[10], methods(1e-4));
        spiral(out);
        return 0;
    }

    private static List<Method> methods(double s) {
        List<Method> list = new ArrayList<>();
        list.add(new Method("gd, τ = " + s, () -> Optimizers.gradientDescent(s)));
        list.add(new Method("nesterov (μ = 0.9), τ = " + s, () -> Optimizers.nesterov(s, 0.9)));
        list.add(new Method("nesterov-sbc, s = " + s, () -> new TimeVaryingMomentum(s, TimeVaryingMomentum.Rule.SU_BOYD_CANDES)));
        list.add(new Method("fista, s = " + s, () -> new TimeVaryingMomentum(s, TimeVaryingMomentum.Rule.FISTA)));
        list.add(new Method("heavy-ball-decaying, α₀ = " + 2 * s,
                () -> new TimeVaryingMomentum(2 * s, TimeVaryingMomentum.Rule.HEAVY_BALL)));
        list.add(new Method("adam (flow form), α = 0.01", () -> Optimizers.adam(0.01)));
        list.add(new Method("rmsprop (flow form), α = 0.001", () -> Optimizers.rmsProp(0.001, 0.9, 1e-8)));
        list.add(new Method("adagrad (flow form), α = 0.5", () -> Optimizers.adagrad(0.5, 1e-8)));
        for (double tau : new double[] {1e-3, 1.0, 1e3}) {
            list.add(new Method("itoh-abe, τ = " + tau + " (one sweep per iteration)", () -> Optimizers.itohAbe(tau, 1)));
        }
        return list;
    }

    private void table(PrintWriter out, String title, Objective objective, double[] start, List<Method> methods) {
        out.printf(Locale.ROOT, "%n#### %s; tolerance J − J* ≤ %.0e, cap %d iterations%n%n", title, tolerance,
                maxIterations);
        out.println("| method | iterations | gradient evaluations | value evaluations | final J − J* |");
        out.println("|---|---:|---:|---:|---:|");
        for (Method m : methods) {
            Counting counting = new Counting(objective);
            Optimizer optimizer = m.optimizer().get();
            double[] u = start.clone();
            OptimizerState state = optimizer.newState(u.length);
            double[] g = new double[u.length];
            long k = 0;
            double value = objective.valueAndGradient(u, g);
            while (k < maxIterations && value > tolerance && Double.isFinite(value)) {
                optimizer.step(counting, u, state);
                value = objective.valueAndGradient(u, g);
                k++;
            }
            String iterations = value <= tolerance ? Long.toString(k) : "> " + maxIterations + (Double.isFinite(value)
                    ? "" : " (diverged)");
            out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.2e |%n", m.name(), iterations, counting.gradients,
                    counting.values, value);
            out.flush();
        }
    }

    private void spiral(PrintWriter out) {
        DatasetGenerator spiral = DatasetGenerator.SPIRAL;
        TrainTest data = new TrainTest(spiral.generate(500, 1), spiral.generate(500, 2));
        out.printf(Locale.ROOT, "%n#### spiral, ODENet RK4, N = 10, d = 3, T = 1 (h_n fixed at 0.1), 500 + 500 points, "
                + "Adam 0.02, %d iterations, seed 1%n%n", spiralIterations);
        out.println("| K | optimizer | train accuracy | test accuracy | final loss | L = max ‖K_n‖₂ | e^{TL} | max ‖K_nᵀK_n − I‖ |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        String[][] runs = {{"unconstrained", "adam"}, {"orthogonal (Cayley)", "adam"}, {"orthogonal (QR)", "adam"},
                {"orthogonal (MEC)", "mec"}};
        for (String[] run : runs) {
            try (OdeNet net = OdeNet.builder().inputDimension(2).width(3).layers(10).tableau(Tableau.rk4())
                    .stepSizes(StepSizePolicy.FIXED).horizon(1.0).seed(1).build()) {
                Trainer.Builder trainer = Trainer.builder().iterations(spiralIterations).seed(1)
                        .evaluateEvery(spiralIterations)
                        .optimizer(run[1].equals("mec") ? Optimizers.registry().get("mec").create(0.1, 0.9, 0.0)
                                : Optimizers.adam(0.02));
                if (!run[0].equals("unconstrained")) {
                    trainer.orthogonal(run[0].contains("QR") ? Retraction.QR : Retraction.CAYLEY, List.of("K"));
                }
                TrainingResult result;
                try {
                    result = trainer.build().train(net, data.train(), data.test());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                double lipschitz = 0.0;
                double orthogonality = 0.0;
                for (int n = 0; n < net.layers(); n++) {
                    Parameters.Block k = net.layout().layer(n).block("K");
                    DMatrixRMaj m = new DMatrixRMaj(k.rows(), k.cols());
                    System.arraycopy(net.parameters(), k.offset(), m.data, 0, k.size());
                    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(k.rows(), k.cols(),
                            false, false, true);
                    svd.decompose(m.copy());
                    double[] sv = svd.getSingularValues();
                    lipschitz = Math.max(lipschitz, Arrays.stream(sv).max().orElse(0.0));
                    orthogonality = Math.max(orthogonality, orthonormalityError(m));
                }
                out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.4f | %.3f | %.3f | %.1e |%n", run[0], run[1],
                        result.trainAccuracy(), result.testAccuracy(), result.finalLoss(), lipschitz,
                        Math.exp(1.0 * lipschitz), orthogonality);
                out.flush();
            }
        }
    }

    private static double orthonormalityError(DMatrixRMaj m) {
        double worst = 0.0;
        for (int a = 0; a < m.numCols; a++) {
            for (int b = 0; b < m.numCols; b++) {
                double s = 0.0;
                for (int i = 0; i < m.numRows; i++) {
                    s += m.get(i, a) * m.get(i, b);
                }
                worst = Math.max(worst, Math.abs(s - (a == b ? 1.0 : 0.0)));
            }
        }
        return worst;
    }

    /** {@code Q diag(λ) Qᵀ}, λ log-spaced in [1, κ], Q a seeded random orthogonal matrix (Gram–Schmidt). */
    private static double[][] quadraticMatrix(int n, double condition, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] q = new double[n][n];
        for (int k = 0; k < n; k++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = random.nextDouble(-1.0, 1.0);
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < k; j++) {
                    double dot = 0.0;
                    for (int i = 0; i < n; i++) {
                        dot += q[i][j] * column[i];
                    }
                    for (int i = 0; i < n; i++) {
                        column[i] -= dot * q[i][j];
                    }
                }
            }
            double norm = Math.sqrt(Arrays.stream(column).map(c -> c * c).sum());
            for (int i = 0; i < n; i++) {
                q[i][k] = column[i] / norm;
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0.0;
                for (int k = 0; k < n; k++) {
                    s += q[i][k] * Math.pow(condition, (double) k / (n - 1)) * q[j][k];
                }
                a[i][j] = s;
                a[j][i] = s;
            }
        }
        return a;
    }
}
