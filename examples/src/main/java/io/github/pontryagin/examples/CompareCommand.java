package io.github.pontryagin.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.plots.Plots;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Option(names = "--seeds", paramLabel = "SEEDS",
            description = "Several seeds, 1..5 or 1,2,7, replacing --seed: every cell is run once per seed and "
                    + "results.md gives mean +- std over the seeds (results.csv one line per run); the runs of a "
                    + "seed are those of --seed with that seed. pontryagin-spark compare runs the same grid on Spark.")
    String seeds;

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

    @Option(names = "--resume", description = "Continue an interrupted run in the same --out: the runs already in "
            + "its results.csv (rewritten after every finished run) are kept, exactly as they were recorded, and only "
            + "the others are run; give the grid options of the interrupted run.")
    boolean resume;

    /** The former opt-in for model files, now the default: accepted and ignored, so old scripts keep working. */
    @Option(names = "--save-models", hidden = true)
    boolean saveModels;

    /** One finished run: the run, its numbers and the loss of every iteration. */
    record Row(CompareRun run, CompareRun.Outcome outcome, double[] losses) {
        Experiment.Cell cell() {
            return run.cell();
        }
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
        List<Long> seedList = seeds == null ? List.of(seed) : CompareRun.seeds(seeds);
        List<CompareRun> grid = CompareRun.grid(suite.name(), quick, points, iterations,
                datasets.stream().map(DatasetGenerator::label).toList(), models.stream().map(m -> m.label).toList(),
                tableaux.stream().map(Tableau::name).toList(), activation.id(), seedList);
        int parallel = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "Suite %s: N = %d, T = %s, d = %d, %s; %d runs (%d seeds) on %d parallel jobs%n",
                settings.name(), settings.layers(), settings.horizon(), settings.width(), settings.optimizerName(),
                grid.size(), seedList.size(), parallel);
        out.flush();
        AtomicInteger done = new AtomicInteger();
        Row[] finished = new Row[grid.size()];
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "compare-run");
            t.setDaemon(true);
            return t;
        });
        boolean severalSeeds = seedList.size() > 1;
        Path earlier = dir.resolve("results.csv");
        if (resume && Files.isRegularFile(earlier)) {
            Map<CompareRun, CompareRun.Outcome> recorded;
            try {
                recorded = CompareRun.readResults(earlier, grid);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--resume: " + e.getMessage());
            }
            for (int i = 0; i < grid.size(); i++) {
                CompareRun.Outcome o = recorded.get(grid.get(i));
                if (o != null) {
                    finished[i] = new Row(grid.get(i), o, null);
                }
            }
            out.printf(Locale.ROOT, "Resuming: %d of %d runs are in %s and are not run again%n", recorded.size(),
                    grid.size(), earlier);
            done.set(recorded.size());
            out.flush();
        }
        List<Future<Row>> futures = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            CompareRun run = grid.get(i);
            int index = i;
            if (finished[i] != null) {
                continue;
            }
            futures.add(pool.submit(() -> {
                Path runsDir = severalSeeds ? dir.resolve("seed-" + run.seed()) : dir;
                CompareRun.Finished f = run.execute(runsDir, noPlots ? null : output.plotFormat(), !noModels);
                Row row = new Row(run, f.outcome(), f.losses());
                synchronized (finished) {
                    finished[index] = row;
                    Experiment.Cell cell = run.cell();
                    out.printf(Locale.ROOT, "[%d/%d] %-8s %-15s %-7s%s train %.3f test %.3f loss %.4g (%.1f s)%n",
                            done.incrementAndGet(), grid.size(), cell.dataset().label(), cell.model().label,
                            cell.tableauName(), severalSeeds ? " seed " + run.seed() : "",
                            row.outcome().trainAccuracy(), row.outcome().testAccuracy(), row.outcome().finalLoss(),
                            row.outcome().wallSeconds());
                    out.flush();
                    // long suites: the tables always hold every finished run
                    writeTables(dir, java.util.Arrays.stream(finished).filter(r -> r != null).toList(), grid.size());
                }
                return row;
            }));
        }
        try {
            for (Future<Row> f : futures) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } finally {
            pool.shutdownNow();
        }
        List<Row> rows = java.util.Arrays.asList(finished);
        if (!noPlots) {
            for (long s : seedList) {
                Path seedDir = severalSeeds ? dir.resolve("seed-" + s) : dir;
                for (DatasetGenerator dataset : datasets) {
                    List<Row> ofDataset = rows.stream()
                            .filter(r -> r.cell().dataset() == dataset && r.run().seed() == s && r.losses() != null)
                            .toList();
                    if (!ofDataset.isEmpty()) {
                        Plots.write(lossComparison(dataset, ofDataset), seedDir.resolve(dataset.label()).resolve(
                                output.plotFile("loss-comparison.png")), output.plotFormat());
                    }
                }
            }
        }
        String markdown = writeTables(dir, rows, rows.size());
        out.println();
        out.print(markdown);
        long resumed = rows.stream().filter(r -> r.losses() == null).count();
        out.printf(Locale.ROOT, "%nTotal wall time %.1f s%s; wrote %s and %s%n", (System.nanoTime() - start) * 1e-9,
                resumed > 0 ? " (this run; " + resumed + " runs resumed from results.csv)" : "",
                dir.resolve("results.md"), dir.resolve("results.csv"));
        out.flush();
        return 0;
    }

    /** The loss curves of every run on one data set in one chart ({@link Plots#lossComparison}). */
    static org.knowm.xchart.XYChart lossComparison(DatasetGenerator dataset, List<Row> rows) {
        return Plots.lossComparison(dataset.label() + ": training loss of every run",
                rows.stream().map(r -> r.cell().model().label + (r.cell().model().usesTableau() ? " "
                        + r.cell().tableauName() : "")).toList(), rows.stream().map(Row::losses).toList());
    }

    /** Writes results.md and results.csv (atomically) for the finished rows; returns the Markdown. */
    static String writeTables(Path dir, List<Row> rows, int planned) throws IOException {
        return CompareRun.writeTables(dir, rows.stream().map(Row::run).toList(),
                rows.stream().map(Row::outcome).toList(), planned);
    }

    /** The Markdown table of the finished rows ({@link CompareRun#markdown}). */
    static String markdown(List<Row> rows, int planned) {
        return CompareRun.markdown(rows.stream().map(Row::run).toList(), rows.stream().map(Row::outcome).toList(),
                planned);
    }
}
