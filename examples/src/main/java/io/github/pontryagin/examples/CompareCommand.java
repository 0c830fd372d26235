package io.github.pontryagin.examples;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.plots.Plots;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.odenets.data.TrainTest;
import io.github.pontryagin.odenets.io.AtomicFiles;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pontryagin compare}: the paper's experiments (Benning et al. 2019; docs/theory.md §4) — Net, ResNet,
 * ODENet and ODENet+simplex × Euler, Heun, Kutta3, RK4 × every registered data set — with the settings of
 * suite A or B.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the paper's experiments: every model x the tableaux Euler, Heun, Kutta3, RK4 x every data "
                + "set (Net once per data set: it has no tableau).",
                "Suite A (Ehrhardt): N = 20, d = 2, T = 1, the data set's points and iterations (donut1d 500+500 points, "
                        + "5000 iterations; donut2d/squares 1000+1000, 8000; spiral 1000+1000, 20000), GD tau = 1/L "
                        + "(L0 = 0.1).",
                "Suite B (Owren): N = 15, h = 0.1 (T = 1.5), 1000+1000 points, 10000 iterations, GD with Armijo "
                        + "(tau0 = 1, rho = 0.5, c = 0.4), every step restarted from tau0: the lectures' rule, so "
                        + "the tables stay those of the recorded runs; trial points are value-only forward passes. "
                        + "The warm start (optimizer armijo-warm: first trial min(2 tau_prev, tau0)) needs fewer "
                        + "trials but changes the iterates.",
                "--quick: a fifth of the points (>= 100) and a twentieth of the iterations (>= 100).",
                "Writes <out>/compare-<suite>[-quick]/results.md and results.csv, and per run the plots and "
                        + "history in <dataset>/<model>-<tableau>/."})
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--suite", paramLabel = "NAME", defaultValue = "A", converter = Converters.SuiteName.class,
            completionCandidates = Choices.Suites.class,
            description = "Experiment settings: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Experiment.Suite suite;

    @Option(names = "--quick", description = "Scaled-down run: a few minutes for the whole grid.")
    boolean quick;

    @Option(names = "--datasets", paramLabel = "NAMES", split = ",", converter = Converters.DatasetName.class,
            completionCandidates = Choices.Datasets.class,
            description = "Data sets to run, comma-separated, of ${COMPLETION-CANDIDATES} (default: all).")
    List<DatasetGenerator> datasets;

    @Option(names = "--models", paramLabel = "NAMES", split = ",", converter = Converters.ModelName.class,
            completionCandidates = Choices.Models.class,
            description = "Models to run, comma-separated, of ${COMPLETION-CANDIDATES} (default: all).")
    List<Experiment.Model> models;

    @Option(names = "--tableaux", paramLabel = "NAMES", split = ",", converter = Converters.TableauName.class,
            defaultValue = "euler,heun,kutta3,rk4", completionCandidates = Choices.Tableaux.class,
            description = "Tableaux to run, comma-separated, of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    List<Tableau> tableaux;

    @Option(names = "--points", paramLabel = "M", converter = Converters.PositiveInt.class,
            description = "Training (and test) points for every data set, replacing the suite's.")
    Integer points;

    @Option(names = "--iterations", paramLabel = "K", converter = Converters.PositiveInt.class,
            description = "Iterations for every data set, replacing the suite's.")
    Integer iterations;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "tanh",
            converter = Converters.ActivationName.class, completionCandidates = Choices.Activations.class,
            description = "Activation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of data (test: seed + 1) and initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.PositiveInt.class,
            description = "Worker threads: T runs in parallel, each on one thread (default: the number of "
                    + "processors).")
    Integer jobs;

    @Option(names = "--jobs", hidden = true, paramLabel = "T", converter = Converters.PositiveInt.class,
            description = CliRules.DEPRECATED + "--threads")
    Integer deprecatedJobs;

    @Option(names = "--no-plots", description = "Only the tables, no plots per run.")
    boolean noPlots;

    @Option(names = "--no-models", description = "Do not write each trained model to <run dir>/model.json (written by"
            + " default, e.g. for 'pontryagin stability' or 'pontryagin export').")
    boolean noModels;

    /** The former opt-in for model files, now the default: accepted and ignored, so old scripts keep working. */
    @Option(names = "--save-models", hidden = true)
    boolean saveModels;

    /**
     * One finished run.
     *
     * @param wallSeconds wall time of the training (the trainer's clock; data generation and plots excluded)
     * @param losses      the loss of every iteration
     * @param growth      perturbation growth of the trained net on the test data
     */
    record Row(Experiment.Cell cell, int trainPoints, int testPoints, TrainingResult result, double wallSeconds,
               double[] losses, PerturbationGrowth growth) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        Experiment.Suite settings = (quick ? suite.quick() : suite).override(points, iterations);
        Path dir = output.out.resolve("compare-" + suite.name() + (quick ? "-quick" : ""));
        if (datasets == null) {
            datasets = DatasetGenerator.all();
        }
        if (models == null) {
            models = List.of(Experiment.Model.values());
        }
        List<Experiment.Cell> cells = new ArrayList<>();
        for (DatasetGenerator dataset : datasets) {
            for (Experiment.Model model : models) {
                if (!model.usesTableau()) {
                    cells.add(new Experiment.Cell(dataset, model, Tableau.euler()));
                    continue;
                }
                for (Tableau tableau : tableaux) {
                    cells.add(new Experiment.Cell(dataset, model, tableau));
                }
            }
        }
        int parallel = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "Suite %s: N = %d, T = %s, d = %d, %s; %d runs on %d parallel jobs%n",
                settings.name(), settings.layers(), settings.horizon(), settings.width(), settings.optimizerName(),
                cells.size(), parallel);
        out.flush();
        AtomicInteger done = new AtomicInteger();
        Row[] finished = new Row[cells.size()];
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "compare-run");
            t.setDaemon(true);
            return t;
        });
        List<Future<Row>> futures = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Experiment.Cell cell = cells.get(i);
            int index = i;
            futures.add(pool.submit(() -> {
                Row row = run(cell, settings, dir);
                synchronized (finished) {
                    finished[index] = row;
                    out.printf(Locale.ROOT, "[%d/%d] %-8s %-15s %-7s train %.3f test %.3f loss %.4g (%.1f s)%n",
                            done.incrementAndGet(), cells.size(), cell.dataset().label(), cell.model().label,
                            cell.tableauName(), row.result().trainAccuracy(), row.result().testAccuracy(),
                            row.result().finalLoss(), row.wallSeconds());
                    out.flush();
                    // long suites: the tables always hold every finished run
                    writeTables(dir, settings, java.util.Arrays.stream(finished).filter(r -> r != null).toList(),
                            cells.size());
                }
                return row;
            }));
        }
        List<Row> rows = new ArrayList<>();
        try {
            for (Future<Row> f : futures) {
                rows.add(f.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } finally {
            pool.shutdownNow();
        }
        if (!noPlots) {
            for (DatasetGenerator dataset : datasets) {
                List<Row> ofDataset = rows.stream().filter(r -> r.cell().dataset() == dataset).toList();
                if (!ofDataset.isEmpty()) {
                    Plots.write(lossComparison(dataset, ofDataset), dir.resolve(dataset.label()).resolve(
                            output.plotFile("loss-comparison.png")), output.plotFormat());
                }
            }
        }
        String markdown = writeTables(dir, settings, rows, rows.size());
        out.println();
        out.print(markdown);
        out.printf(Locale.ROOT, "%nTotal wall time %.1f s; wrote %s and %s%n", (System.nanoTime() - start) * 1e-9,
                dir.resolve("results.md"), dir.resolve("results.csv"));
        out.flush();
        return 0;
    }

    private Row run(Experiment.Cell cell, Experiment.Suite settings, Path dir) throws Exception {
        int n = settings.points(cell.dataset());
        TrainTest data = new TrainTest(cell.dataset().generate(n, seed), cell.dataset().generate(n, seed + 1));
        OdeNetBuilder builder = OdeNet.builder().inputDimension(cell.dataset().dimension())
                .width(Math.max(settings.width(), cell.dataset().dimension())).layers(settings.layers())
                .tableau(cell.tableau()).horizon(settings.horizon())
                .field(VectorFieldSpec.of(cell.model().fieldFamily("sigma-affine")).withActivation(activation)).seed(seed);
        int iterationCount = settings.iterations(cell.dataset());
        try (OdeNet net = cell.model().configure(builder).build()) {
            Trainer.Builder trainer = Trainer.builder().optimizer(settings.optimizer().get())
                    .iterations(iterationCount).seed(seed).evaluateEvery(Math.max(1, iterationCount / 100));
            TrainingRun.Outcome outcome = TrainingRun.train(net, data, trainer, null);
            if (!noPlots) {
                Path runDir = dir.resolve(cell.directoryName());
                String title = cell.model().label + (cell.model().usesTableau() ? " " + cell.tableauName() : "")
                        + " on " + cell.dataset().label();
                TrainingRun.writePlots(runDir, net, data, outcome, title, output.plotFormat());
                TrainingRun.writeHistory(runDir, outcome);
            }
            if (!noModels) {
                ModelFile.write(net, dir.resolve(cell.directoryName()).resolve("model.json"));
            }
            return new Row(cell, data.train().size(), data.test().size(), outcome.result(),
                    outcome.result().wallTimeSeconds(), outcome.losses(), PerturbationGrowth.of(net, data.test()));
        }
    }

    /** The loss curves of every run on one data set in one chart ({@link Plots#lossComparison}). */
    static org.knowm.xchart.XYChart lossComparison(DatasetGenerator dataset, List<Row> rows) {
        return Plots.lossComparison(dataset.label() + ": training loss of every run",
                rows.stream().map(r -> r.cell().model().label + (r.cell().model().usesTableau() ? " "
                        + r.cell().tableauName() : "")).toList(), rows.stream().map(Row::losses).toList());
    }

    /** Writes results.md and results.csv (atomically) for the finished rows; returns the Markdown. */
    static String writeTables(Path dir, Experiment.Suite settings, List<Row> rows, int planned) throws IOException {
        String markdown = markdown(settings, rows, planned);
        AtomicFiles.write(dir.resolve("results.md"), stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            w.write(markdown);
            w.flush();
        });
        AtomicFiles.write(dir.resolve("results.csv"), stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            w.write(csv(rows));
            w.flush();
        });
        return markdown;
    }

    static String markdown(Experiment.Suite settings, List<Row> rows, int planned) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Suite %s: N = %d, T = %s, d = %d, %s.%s%n%n", settings.name(),
                settings.layers(), settings.horizon(), settings.width(), settings.optimizerName(),
                rows.size() < planned ? " Partial: " + rows.size() + " of " + planned + " runs finished." : ""));
        s.append("| data set | model | tableau | points (train/test) | iterations | train acc | test acc | final loss "
                + "| growth median/max | wall time (s) | note |\n");
        s.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %d/%d | %d | %.3f | %.3f | %.4g | %.3g/%.3g | %.1f | %s |%n",
                    r.cell().dataset().label(), r.cell().model().label, r.cell().tableauName(), r.trainPoints(),
                    r.testPoints(), r.result().iterations(), r.result().trainAccuracy(), r.result().testAccuracy(),
                    r.result().finalLoss(), r.growth().median(), r.growth().max(), r.wallSeconds(),
                    r.result().stopReason() == null ? "" : r.result().stopReason()));
        }
        return s.toString();
    }

    static String csv(List<Row> rows) {
        StringBuilder s = new StringBuilder(
                "dataset,model,tableau,train_points,test_points,iterations,train_accuracy,test_accuracy,final_loss,"
                        + "wall_time_seconds,completed,growth_median,growth_max\n");
        for (Row r : rows) {
            s.append(r.cell().dataset().label()).append(',').append(r.cell().model().label).append(',')
                    .append(r.cell().tableauName()).append(',').append(r.trainPoints()).append(',')
                    .append(r.testPoints()).append(',').append(r.result().iterations()).append(',')
                    .append(r.result().trainAccuracy()).append(',').append(r.result().testAccuracy()).append(',')
                    .append(r.result().finalLoss()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", r.wallSeconds())).append(',')
                    .append(r.result().completed()).append(',').append(r.growth().median()).append(',')
                    .append(r.growth().max()).append('\n');
        }
        return s.toString();
    }
}
