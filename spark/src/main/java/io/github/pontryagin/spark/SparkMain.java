package io.github.pontryagin.spark;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.api.java.JavaSparkContext;

import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.examples.CompareRun;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pontryagin-spark}: sweeps and data-parallel full-batch training on Apache Spark. Embedded
 * {@code local[*]} by default; {@code spark-submit --class io.github.pontryagin.spark.SparkMain} for a cluster.
 */
@Command(name = "pontryagin-spark", mixinStandardHelpOptions = true,
        subcommands = {SparkMain.Compare.class, SparkMain.Sweep.class, SparkMain.Train.class,
                CommandLine.HelpCommand.class},
        description = "Sweeps (configurations x seeds, one Spark task per run) and data-parallel full-batch training.")
public final class SparkMain implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: compare, sweep or train");
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }

    /** Seeds written as {@code 1..5}, {@code 1,2,7} or a mix ({@link CompareRun#seeds}). */
    static List<Long> seeds(String text) {
        return CompareRun.seeds(text);
    }

    /** Options of the net and the optimizer shared by both subcommands. */
    static class NetOptions {
        @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or the "
                + "master given to spark-submit); local[2,3] allows 3 attempts per task.")
        String master;

        @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "spiral",
                description = "Generated data set (default: ${DEFAULT-VALUE}).")
        String dataset;

        @Option(names = "--points", paramLabel = "M", defaultValue = "1000",
                description = "Training (and test) points (default: ${DEFAULT-VALUE}).")
        int points;

        @Option(names = "--layers", paramLabel = "N", defaultValue = "20", description = "Layers (default: ${DEFAULT-VALUE}).")
        int layers;

        @Option(names = "--width", paramLabel = "D", defaultValue = "2", description = "Width d (default: ${DEFAULT-VALUE}).")
        int width;

        @Option(names = "--horizon", paramLabel = "T", defaultValue = "1", description = "Horizon (default: ${DEFAULT-VALUE}).")
        double horizon;

        @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
                description = "Optimizer from the registry (default: ${DEFAULT-VALUE}).")
        String optimizer;

        @Option(names = {"--learning-rate", "--lr"}, paramLabel = "TAU", description = "Learning rate (default: the optimizer's).")
        Double learningRate;

        @Option(names = "--iterations", paramLabel = "K", defaultValue = "1000",
                description = "Full-batch iterations (default: ${DEFAULT-VALUE}).")
        int iterations;
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "The grid of 'pontryagin compare' (data sets x models x tableaux) x seeds, one Spark task per run; writes "
                + "<out>/compare-<suite>[-quick]/results.md and results.csv as 'pontryagin compare --seeds' does "
                + "(mean +- std over the seeds per cell; one line per run for a single seed). Every run gives the "
                + "numbers of the single-JVM compare with the same seed. No plots."})
    static final class Compare implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or the "
                + "master given to spark-submit); local[2,3] allows 3 attempts per task.")
        String master;

        @Option(names = "--suite", paramLabel = "NAME", defaultValue = "A",
                description = "Experiment settings: A or B (default: ${DEFAULT-VALUE}).")
        String suite;

        @Option(names = "--quick", description = "The scaled-down settings of compare --quick.")
        boolean quick;

        @Option(names = "--datasets", paramLabel = "NAMES", split = ",",
                description = "Data sets (default: all).")
        List<String> datasets;

        @Option(names = "--models", paramLabel = "NAMES", split = ",", description = "Models (default: all).")
        List<String> models;

        @Option(names = "--tableaux", paramLabel = "NAMES", split = ",", defaultValue = "euler,heun,kutta3,rk4",
                description = "Tableaux (default: ${DEFAULT-VALUE}).")
        List<String> tableaux;

        @Option(names = "--points", paramLabel = "M", description = "Points replacing the suite's.")
        Integer points;

        @Option(names = "--iterations", paramLabel = "K", description = "Iterations replacing the suite's.")
        Integer iterations;

        @Option(names = "--activation", paramLabel = "NAME", defaultValue = "tanh",
                description = "Activation (default: ${DEFAULT-VALUE}).")
        String activation;

        @Option(names = "--seeds", paramLabel = "SEEDS", defaultValue = "1..5",
                description = "Seeds, 1..5 or 1,2,7 (default: ${DEFAULT-VALUE}).")
        String seeds;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
                description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            PrintWriter w = spec.commandLine().getOut();
            long start = System.nanoTime();
            List<CompareRun> grid = CompareRun.grid(suite, quick, points, iterations, datasets, models, tableaux,
                    activation, seeds(seeds));
            String name = grid.isEmpty() ? suite : grid.get(0).suite();
            Path dir = out.resolve("compare-" + name.toUpperCase(Locale.ROOT) + (quick ? "-quick" : ""));
            List<CompareRun.Outcome> outcomes;
            try (JavaSparkContext spark = SparkContexts.create(master, "pontryagin compare")) {
                w.printf(Locale.ROOT, "%d runs as Spark tasks on %s%n", grid.size(), spark.master());
                w.flush();
                outcomes = run(spark, grid);
            }
            Files.createDirectories(dir);
            String markdown = CompareRun.writeTables(dir, grid, outcomes, grid.size());
            w.print(markdown);
            w.printf(Locale.ROOT, "%nTotal wall time %.1f s; wrote %s and %s%n", (System.nanoTime() - start) * 1e-9,
                    dir.resolve("results.md"), dir.resolve("results.csv"));
            return 0;
        }

        /** Runs every element of the grid as one Spark task; the outcomes in grid order, each exactly once. */
        static List<CompareRun.Outcome> run(JavaSparkContext spark, List<CompareRun> grid) {
            return SparkSweep.run(spark, grid, CompareRun::run);
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true, description = {
        "Runs every configuration (tableau x step-size policy) for every seed as one Spark task and writes the runs "
                + "(runs.csv) and mean +- std over the seeds per configuration (results.md)."})
    static final class Sweep extends NetOptions implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--tableaux", paramLabel = "NAMES", defaultValue = "euler,rk4", split = ",",
                description = "Tableaux (default: ${DEFAULT-VALUE}).")
        List<String> tableaux;

        @Option(names = "--steps", paramLabel = "POLICIES", defaultValue = "fixed,free", split = ",",
                description = "Step-size policies (default: ${DEFAULT-VALUE}).")
        List<String> steps;

        @Option(names = "--seeds", paramLabel = "S", defaultValue = "1..5", description = "Seeds, 1..5 or 1,2,7 "
                + "(default: ${DEFAULT-VALUE}).")
        String seeds;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/sweep",
                description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            PrintWriter w = spec.commandLine().getOut();
            long start = System.nanoTime();
            List<SweepRun> grid = new ArrayList<>();
            for (String tableau : tableaux) {
                for (String policy : steps) {
                    StepSizePolicy.registry().get(policy);
                    for (long seed : seeds(seeds)) {
                        grid.add(new SweepRun(dataset, points, tableau, policy, layers, width, horizon, optimizer,
                                learningRate, iterations, seed));
                    }
                }
            }
            DatasetGenerator.byName(dataset);
            List<SweepRun.Outcome> outcomes;
            try (JavaSparkContext spark = SparkContexts.create(master, "pontryagin sweep")) {
                outcomes = SparkSweep.run(spark, grid, SweepRun::run);
            }
            double wall = (System.nanoTime() - start) * 1e-9;
            Files.createDirectories(out);
            StringBuilder csv = new StringBuilder("dataset,tableau,steps,seed,final_loss,train_accuracy,test_accuracy,"
                    + "seconds\n");
            Map<String, List<SweepRun.Outcome>> cells = new LinkedHashMap<>();
            for (int i = 0; i < grid.size(); i++) {
                SweepRun r = grid.get(i);
                SweepRun.Outcome o = outcomes.get(i);
                csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%s,%s,%.3f%n", r.dataset(), r.tableau(),
                        r.steps(), r.seed(), o.finalLoss(), o.trainAccuracy(), o.testAccuracy(), o.seconds()));
                cells.computeIfAbsent(r.cell(), k -> new ArrayList<>()).add(o);
            }
            StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "Sweep on %s: %d points, N = %d, d = %d, "
                    + "%s, %d iterations, seeds %s; %d runs, wall time %.1f s%n%n", dataset, points, layers, width,
                    optimizer, iterations, seeds, grid.size(), wall));
            md.append("| configuration | final loss | train accuracy | test accuracy |\n|---|---|---|---|\n");
            for (Map.Entry<String, List<SweepRun.Outcome>> e : cells.entrySet()) {
                md.append("| ").append(e.getKey()).append(" | ")
                        .append(cell(e.getValue().stream().mapToDouble(SweepRun.Outcome::finalLoss).toArray(), "%.4g"))
                        .append(" | ")
                        .append(cell(e.getValue().stream().mapToDouble(SweepRun.Outcome::trainAccuracy).toArray(),
                                "%.3f"))
                        .append(" | ")
                        .append(cell(e.getValue().stream().mapToDouble(SweepRun.Outcome::testAccuracy).toArray(),
                                "%.3f"))
                        .append(" |\n");
            }
            Files.writeString(out.resolve("runs.csv"), csv, StandardCharsets.UTF_8);
            Files.writeString(out.resolve("results.md"), md, StandardCharsets.UTF_8);
            w.print(md);
            w.println("wrote " + out.resolve("runs.csv") + ", " + out.resolve("results.md"));
            return 0;
        }

        private static String cell(double[] values, String format) {
            double[] ms = SparkSweep.meanAndStd(values);
            return String.format(Locale.ROOT, format + " ± " + format, ms[0], ms[1]);
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = {
        "Full-batch training with the data partitioned across the executors (DistributedObjective); prints the loss "
                + "of every 10th iteration and the accuracies."})
    static final class Train extends NetOptions implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--partitions", paramLabel = "P", defaultValue = "4",
                description = "Data partitions (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--tableau", paramLabel = "NAME", defaultValue = "rk4", description = "Tableau (default: ${DEFAULT-VALUE}).")
        String tableau;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        /**
         * The result of {@link #fit}.
         *
         * @param losses     the loss returned by every optimizer step (at its start point)
         * @param parameters the final parameters
         */
        record Fitted(double[] losses, double[] parameters, double trainAccuracy, double testAccuracy) {
        }

        @Override
        public Integer call() {
            PrintWriter w = spec.commandLine().getOut();
            try (JavaSparkContext spark = SparkContexts.create(master, "pontryagin train")) {
                fit(spark, w);
            }
            return 0;
        }

        /**
         * Trains the command's net on its data: on {@code spark} through a {@link DistributedObjective} of
         * {@link #partitions} partitions, or, with {@code spark} null, in this JVM through the net's own full-batch
         * objective (the reference the distributed run equals bit for bit).
         *
         * @param w where the loss of every 10th iteration and the accuracies go
         */
        Fitted fit(JavaSparkContext spark, PrintWriter w) {
            DatasetGenerator generator = DatasetGenerator.byName(dataset);
            Dataset train = generator.generate(points, seed);
            Dataset test = generator.generate(points, seed + 1);
            Optimizer o = Optimizers.registry().get(optimizer).create(learningRate, 0.9, 0.01);
            try (OdeNet net = OdeNet.builder().inputDimension(generator.dimension())
                    .width(Math.max(width, generator.dimension())).layers(layers).tableau(tableau)
                    .horizon(horizon).seed(seed).build();
                 DistributedObjective distributed = spark == null ? null
                         : new DistributedObjective(spark, net, train, partitions)) {
                io.github.pontryagin.core.optim.Objective objective = distributed != null ? distributed
                        : net.objective(train.features(), train.labels(), train.size());
                Optimizer optimizerWithConstraints = o.withProjection(net.constraints());
                double[] u = net.parameters();
                OptimizerState state = optimizerWithConstraints.newState(u.length);
                if (distributed != null) {
                    w.printf(Locale.ROOT, "%s on %d partitions (%d slices of %d points), master %s%n", dataset,
                            distributed.partitions(), distributed.slices(), net.executionOptions().chunkSize(),
                            spark.master());
                } else {
                    w.printf(Locale.ROOT, "%s in this JVM%n", dataset);
                }
                double[] losses = new double[iterations];
                for (int k = 1; k <= iterations; k++) {
                    double loss = optimizerWithConstraints.step(objective, u, state);
                    losses[k - 1] = loss;
                    if (k % 10 == 0 || k == iterations) {
                        w.printf(Locale.ROOT, "iteration %d loss %.6g%n", k, loss);
                        w.flush();
                    }
                }
                double trainAccuracy = net.accuracy(train.features(), train.labels(), train.size());
                double testAccuracy = net.accuracy(test.features(), test.labels(), test.size());
                w.printf(Locale.ROOT, "train accuracy %.4f, test accuracy %.4f%n", trainAccuracy, testAccuracy);
                w.flush();
                return new Fitted(losses, u.clone(), trainAccuracy, testAccuracy);
            }
        }
    }
}
