package io.github.pontryagin.examples;

import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.odenets.data.TrainTest;
import io.github.pontryagin.odenets.io.AtomicFiles;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.train.Trainer;

/**
 * One run of {@code pontryagin compare} (Benning et al. 2019; docs/theory.md §4), described by names and numbers
 * only, so that it can travel to a Spark executor: a suite, a cell of the grid (data set, model, tableau), the
 * activation and the seed (data with {@code seed}, test data with {@code seed + 1}, initialisation with
 * {@code seed}). {@link #run()} gives the same numbers in any JVM and on any thread, which is what makes the
 * Spark sweep ({@code pontryagin-spark compare}) equal to the single-JVM {@code compare} run by run. The tables of
 * both come from {@link #writeTables}: one line per run for a single seed, mean ± standard deviation over the
 * seeds per cell for several.
 *
 * @param suite      {@code A} or {@code B}
 * @param quick      the scaled-down settings of {@code --quick}
 * @param points     training (and test) points replacing the suite's, or null
 * @param iterations iterations replacing the suite's, or null
 * @param dataset    a registered data set
 * @param model      a model label ({@code ResNet}, {@code ODENet}, …)
 * @param tableau    a tableau name (ignored, and shown as {@code -}, for the models without one)
 * @param activation an activation id
 * @param seed       the seed
 */
public record CompareRun(String suite, boolean quick, Integer points, Integer iterations, String dataset, String model,
                         String tableau, String activation, long seed) implements Serializable {

    /**
     * The numbers of a finished run.
     *
     * @param wallSeconds wall time of the training (the trainer's clock; data generation and plots excluded)
     * @param stopReason  why training stopped early, or null
     */
    public record Outcome(int trainPoints, int testPoints, long iterations, double trainAccuracy, double testAccuracy,
                          double finalLoss, double wallSeconds, boolean completed, String stopReason,
                          double growthMedian, double growthMax) implements Serializable {
    }

    /** Checks every name against its registry. */
    public CompareRun {
        Experiment.Suite.byName(suite);
        DatasetGenerator.byName(dataset);
        Experiment.Model.byName(model);
        Tableau.registry().get(tableau);
        Activation.byName(activation);
    }

    /**
     * The grid of {@code compare}: every data set × model × tableau (a model without a tableau once per data set) ×
     * seed, seeds innermost.
     *
     * @param datasets null for every registered data set
     * @param models   null for every model
     */
    public static List<CompareRun> grid(String suite, boolean quick, Integer points, Integer iterations,
                                        List<String> datasets, List<String> models, List<String> tableaux,
                                        String activation, List<Long> seeds) {
        List<String> sets = datasets != null ? datasets
                : DatasetGenerator.all().stream().map(DatasetGenerator::label).toList();
        List<String> labels = models != null ? models
                : java.util.Arrays.stream(Experiment.Model.values()).map(m -> m.label).toList();
        List<CompareRun> runs = new ArrayList<>();
        for (String dataset : sets) {
            for (String label : labels) {
                Experiment.Model model = Experiment.Model.byName(label);
                List<String> ts = model.usesTableau() ? tableaux : List.of(Tableau.euler().name());
                for (String tableau : ts) {
                    for (long seed : seeds) {
                        runs.add(new CompareRun(suite, quick, points, iterations, dataset, model.label, tableau,
                                activation, seed));
                    }
                }
            }
        }
        return runs;
    }

    /**
     * Seeds written as {@code 1..5}, {@code 1,2,7} or a mix ({@code 1,4..6}).
     *
     * @throws IllegalArgumentException for a range FROM..TO with FROM > TO or more than 10001 seeds, or a seed that
     *                                  is not an integer
     */
    public static List<Long> seeds(String text) {
        List<Long> list = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            int range = p.indexOf("..");
            try {
                if (range >= 0) {
                    long from = Long.parseLong(p.substring(0, range).strip());
                    long to = Long.parseLong(p.substring(range + 2).strip());
                    if (to < from || to - from > 10_000) {
                        throw new IllegalArgumentException("--seeds range '" + p + "' must be FROM..TO with FROM <= TO "
                                + "and at most 10001 seeds");
                    }
                    for (long s = from; s <= to; s++) {
                        list.add(s);
                    }
                } else {
                    list.add(Long.parseLong(p));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--seeds '" + text + "': '" + p + "' is not an integer or a range "
                        + "FROM..TO of integers");
            }
        }
        return list;
    }

    /** The suite's settings for this run (quick, points and iterations applied). */
    Experiment.Suite settings() {
        Experiment.Suite s = Experiment.Suite.byName(suite);
        return (quick ? s.quick() : s).override(points, iterations);
    }

    /** The cell of the grid, the row of a one-seed table. */
    Experiment.Cell cell() {
        return new Experiment.Cell(DatasetGenerator.byName(dataset), Experiment.Model.byName(model),
                Tableau.registry().get(tableau).get());
    }

    /** Trains and evaluates the run; no files. */
    public Outcome run() throws Exception {
        return execute(null, null, false).outcome();
    }

    /** A finished run with the loss of every iteration (for the plots). */
    record Finished(CompareRun run, Outcome outcome, double[] losses) {
    }

    /**
     * Trains and evaluates the run.
     *
     * @param dir        the suite's output directory (plots, history, model), or null for none
     * @param plots      the format of the plots written with the history into the run's directory, or null for none
     * @param saveModels write the trained model into the run's directory
     */
    Finished execute(Path dir, io.github.pontryagin.plots.PlotFormat plots, boolean saveModels) throws Exception {
        Experiment.Suite settings = settings();
        Experiment.Cell cell = cell();
        int n = settings.points(cell.dataset());
        TrainTest data = new TrainTest(cell.dataset().generate(n, seed), cell.dataset().generate(n, seed + 1));
        OdeNetBuilder builder = OdeNet.builder().inputDimension(cell.dataset().dimension())
                .width(Math.max(settings.width(), cell.dataset().dimension())).layers(settings.layers())
                .tableau(cell.tableau()).horizon(settings.horizon())
                .field(VectorFieldSpec.of(cell.model().fieldFamily("sigma-affine"))
                        .withActivation(Activation.byName(activation)))
                .seed(seed);
        int iterationCount = settings.iterations(cell.dataset());
        try (OdeNet net = cell.model().configure(builder).build()) {
            Trainer.Builder trainer = Trainer.builder().optimizer(settings.optimizer().get())
                    .iterations(iterationCount).seed(seed).evaluateEvery(Math.max(1, iterationCount / 100));
            TrainingRun.Outcome outcome = TrainingRun.train(net, data, trainer, null);
            Path runDir = dir == null ? null : dir.resolve(directoryName());
            if (plots != null && runDir != null) {
                String title = cell.model().label + (cell.model().usesTableau() ? " " + cell.tableauName() : "")
                        + " on " + cell.dataset().label();
                TrainingRun.writePlots(runDir, net, data, outcome, title, plots);
                TrainingRun.writeHistory(runDir, outcome);
            }
            if (saveModels && runDir != null) {
                ModelFile.write(net, runDir.resolve("model.json"));
            }
            PerturbationGrowth growth = PerturbationGrowth.of(net, data.test());
            var r = outcome.result();
            return new Finished(this, new Outcome(data.train().size(), data.test().size(), r.iterations(),
                    r.trainAccuracy(), r.testAccuracy(), r.finalLoss(), r.wallTimeSeconds(), r.completed(),
                    r.stopReason(), growth.median(), growth.max()), outcome.losses());
        }
    }

    /** The directory of the run inside the suite's: the cell's, and {@code seed-S/} inside it for several seeds. */
    String directoryName() {
        return cell().directoryName();
    }

    /** The title of a table: the suite's settings. */
    static String settingsLine(Experiment.Suite settings) {
        return String.format(Locale.ROOT, "Suite %s: N = %d, T = %s, d = %d, %s.", settings.name(), settings.layers(),
                settings.horizon(), settings.width(), settings.optimizerName());
    }

    /**
     * Writes {@code results.md} and {@code results.csv} (atomically) into {@code dir}; returns the Markdown.
     *
     * @param runs     the finished runs
     * @param outcomes their outcomes, {@code outcomes.get(i)} of {@code runs.get(i)}
     * @param planned  the number of runs of the whole grid (a table of fewer says it is partial)
     */
    public static String writeTables(Path dir, List<CompareRun> runs, List<Outcome> outcomes, int planned)
            throws java.io.IOException {
        String markdown = markdown(runs, outcomes, planned);
        String csv = csv(runs, outcomes);
        AtomicFiles.write(dir.resolve("results.md"), stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            w.write(markdown);
            w.flush();
        });
        AtomicFiles.write(dir.resolve("results.csv"), stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            w.write(csv);
            w.flush();
        });
        return markdown;
    }

    /**
     * The Markdown table: with one seed one line per run; with several, one line per cell with the mean ± sample
     * standard deviation over the seeds of the accuracies, the final loss, the growth and the wall time.
     */
    public static String markdown(List<CompareRun> runs, List<Outcome> outcomes, int planned) {
        if (runs.size() != outcomes.size()) {
            throw new IllegalArgumentException("runs and outcomes must match, got " + runs.size() + " runs and "
                    + outcomes.size() + " outcomes");
        }
        if (runs.isEmpty()) {
            return "No run finished (of " + planned + ").\n";
        }
        Experiment.Suite settings = runs.get(0).settings();
        List<Long> seeds = runs.stream().map(CompareRun::seed).distinct().toList();
        StringBuilder s = new StringBuilder(settingsLine(settings));
        s.append(runs.size() < planned ? " Partial: " + runs.size() + " of " + planned + " runs finished." : "");
        if (seeds.size() == 1) {
            s.append("\n\n| data set | model | tableau | points (train/test) | iterations | train acc | test acc "
                    + "| final loss | growth median/max | wall time (s) | note |\n");
            s.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (int i = 0; i < runs.size(); i++) {
                Experiment.Cell c = runs.get(i).cell();
                Outcome o = outcomes.get(i);
                s.append(String.format(Locale.ROOT,
                        "| %s | %s | %s | %d/%d | %d | %.3f | %.3f | %.4g | %.3g/%.3g | %.1f | %s |%n",
                        c.dataset().label(), c.model().label, c.tableauName(), o.trainPoints(), o.testPoints(),
                        o.iterations(), o.trainAccuracy(), o.testAccuracy(), o.finalLoss(), o.growthMedian(),
                        o.growthMax(), o.wallSeconds(), o.stopReason() == null ? "" : o.stopReason()));
            }
            return s.toString();
        }
        s.append(String.format(Locale.ROOT, " Mean ± sample standard deviation over the seeds %s (%d runs).%n%n",
                seeds.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""), runs.size()));
        s.append("| data set | model | tableau | points (train/test) | iterations | seeds | train acc | test acc "
                + "| final loss | growth median | wall time (s) | stopped early |\n");
        s.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, List<Integer>> cells = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            cells.computeIfAbsent(runs.get(i).directoryName(), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> members : cells.values()) {
            Experiment.Cell c = runs.get(members.get(0)).cell();
            Outcome first = outcomes.get(members.get(0));
            long stopped = members.stream().filter(i -> !outcomes.get(i).completed()).count();
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %d/%d | %d | %d | %s | %s | %s | %s | %s | %d |%n",
                    c.dataset().label(), c.model().label, c.tableauName(), first.trainPoints(), first.testPoints(),
                    first.iterations(), members.size(),
                    meanStd(members, outcomes, Outcome::trainAccuracy, "%.3f"),
                    meanStd(members, outcomes, Outcome::testAccuracy, "%.3f"),
                    meanStd(members, outcomes, Outcome::finalLoss, "%.3g"),
                    meanStd(members, outcomes, Outcome::growthMedian, "%.3g"),
                    meanStd(members, outcomes, Outcome::wallSeconds, "%.1f"), stopped));
        }
        return s.toString();
    }

    private static String meanStd(List<Integer> members, List<Outcome> outcomes,
                                  java.util.function.ToDoubleFunction<Outcome> value, String format) {
        double[] ms = meanAndStd(members.stream().mapToDouble(i -> value.applyAsDouble(outcomes.get(i))).toArray());
        return String.format(Locale.ROOT, format + " ± " + format, ms[0], ms[1]);
    }

    /**
     * Mean and sample standard deviation (n − 1 in the denominator; 0 for a single value).
     *
     * @param values at least one value
     * @return {mean, standard deviation}
     */
    public static double[] meanAndStd(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new double[] {mean, values.length == 1 ? 0 : Math.sqrt(squares / (values.length - 1))};
    }

    /**
     * The runs of {@code grid} already finished in a {@code results.csv} written by {@link #writeTables} (after every
     * finished run, so an interrupted sweep leaves every run it finished): each with its outcome, read back exactly
     * (the numbers are written with {@link Double#toString}, the wall time to the millisecond). A run that stopped
     * early gets a stop reason saying it was not recorded.
     *
     * @throws IllegalArgumentException naming the file (and the line) if it is not UTF-8, a line does not parse, names
     *                                  a run that is not in {@code grid} or was made with other points than the
     *                                  grid's (another {@code --points} or suite)
     */
    public static Map<CompareRun, Outcome> readResults(Path csv, List<CompareRun> grid) throws java.io.IOException {
        Map<String, CompareRun> byKey = new LinkedHashMap<>();
        for (CompareRun run : grid) {
            Experiment.Cell c = run.cell();
            byKey.put(String.join(",", c.dataset().label(), c.model().label, c.tableauName(),
                    String.valueOf(run.seed())), run);
        }
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(csv + " is not UTF-8 text, so not a results.csv of 'pontryagin "
                    + "compare'");
        }
        String header = csv(List.of(), List.of()).strip();
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IllegalArgumentException(csv + " is not a results.csv of 'pontryagin compare': its first line "
                    + "must be '" + header + "'");
        }
        Map<CompareRun, Outcome> done = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = csv + " line " + (i + 1);
            String[] f = line.split(",", -1);
            if (f.length != 14) {
                throw new IllegalArgumentException(where + " has " + f.length + " fields, expected 14: " + line);
            }
            CompareRun run = byKey.get(String.join(",", f[0], f[1], f[2], f[13]));
            if (run == null) {
                throw new IllegalArgumentException(where + " is the run " + f[0] + " " + f[1] + " " + f[2] + " seed "
                        + f[13] + ", which is not in this grid: resume with the --datasets, --models, --tableaux "
                        + "and --seeds of the interrupted run, or choose another --out");
            }
            try {
                int trainPoints = Integer.parseInt(f[3]);
                int planned = run.settings().points(run.cell().dataset());
                if (trainPoints != planned) {
                    throw new IllegalArgumentException(where + " was run with " + trainPoints + " training points but "
                            + "this grid has " + planned + ": resume with the options of the interrupted run, or "
                            + "choose another --out");
                }
                boolean completed = Boolean.parseBoolean(f[10]);
                done.put(run, new Outcome(trainPoints, Integer.parseInt(f[4]), Long.parseLong(f[5]),
                        Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]),
                        Double.parseDouble(f[9]), completed,
                        completed ? null : "stopped early (the reason is not in results.csv)",
                        Double.parseDouble(f[11]), Double.parseDouble(f[12])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + " has a field that is not a number (" + e.getMessage()
                        + "): " + line);
            }
        }
        return done;
    }

    /** The CSV: one line per run, the seed in the last column. */
    public static String csv(List<CompareRun> runs, List<Outcome> outcomes) {
        StringBuilder s = new StringBuilder(
                "dataset,model,tableau,train_points,test_points,iterations,train_accuracy,test_accuracy,final_loss,"
                        + "wall_time_seconds,completed,growth_median,growth_max,seed\n");
        for (int i = 0; i < runs.size(); i++) {
            Experiment.Cell c = runs.get(i).cell();
            Outcome o = outcomes.get(i);
            s.append(c.dataset().label()).append(',').append(c.model().label).append(',')
                    .append(c.tableauName()).append(',').append(o.trainPoints()).append(',')
                    .append(o.testPoints()).append(',').append(o.iterations()).append(',')
                    .append(o.trainAccuracy()).append(',').append(o.testAccuracy()).append(',')
                    .append(o.finalLoss()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", o.wallSeconds())).append(',')
                    .append(o.completed()).append(',').append(o.growthMedian()).append(',')
                    .append(o.growthMax()).append(',').append(runs.get(i).seed()).append('\n');
        }
        return s.toString();
    }
}
