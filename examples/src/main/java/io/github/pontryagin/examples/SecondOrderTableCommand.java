package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.optim.FullBatchOptimizer;
import io.github.pontryagin.core.optim.Objective;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.odenets.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pontryagin second-order-table}: the targets table of docs/optimizers.md. For each data set and model
 * (suite-B settings: N = 15, h = 0.1, RK4, logistic least squares, 1000 points), gradient descent with Armijo
 * backtracking runs the baseline iterations and sets the target, its final training loss; then each second-order
 * or quasi-Newton method runs from the same initial parameters until its loss is at or below the target, and the
 * table records its iterations and the CPU and wall time to get there.
 */
@Command(name = "second-order-table", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Iterations and time of the second-order and quasi-Newton optimizers to reach the training loss "
                + "of gradient descent with Armijo after the baseline iterations (suite B: N = 15, h = 0.1, RK4, "
                + "logistic least squares), for each data set x model.",
                "Every run uses one thread; --threads runs data set x model cells in parallel. CPU time is the run's "
                        + "thread CPU time (ThreadMXBean), wall time the run's elapsed time; each method is also "
                        + "stopped once its CPU time exceeds the baseline's.",
                "Writes the Markdown table to --table (default: <out>/second-order-table.md) and prints it."})
final class SecondOrderTableCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--datasets", paramLabel = "NAMES", split = ",", converter = Converters.DatasetName.class,
            completionCandidates = Choices.Datasets.class,
            description = "Data sets, comma-separated, of ${COMPLETION-CANDIDATES} (default: all).")
    List<DatasetGenerator> datasets;

    @Option(names = "--models", paramLabel = "NAMES", split = ",", converter = Converters.ModelName.class,
            defaultValue = "ResNet,ODENet",
            description = "Models, comma-separated, of ResNet, ODENet (default: ${DEFAULT-VALUE}).")
    List<Experiment.Model> models;

    @Option(names = "--methods", paramLabel = "NAMES", split = ",", converter = Converters.OptimizerName.class,
            defaultValue = "levenberg-marquardt,newton-cg,newton-cg-tr,lbfgs,cg,gauss-newton",
            description = "Optimizers to time against the baseline, comma-separated, full-batch second-order ones "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--points", paramLabel = "M", defaultValue = "1000", converter = Converters.PositiveInt.class,
            description = "Training points (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--baseline-iterations", paramLabel = "K", defaultValue = "10000",
            converter = Converters.PositiveInt.class,
            description = "Iterations of GD with Armijo that set the target (default: ${DEFAULT-VALUE}).")
    int baselineIterations;

    @Option(names = "--max-iterations", paramLabel = "K", defaultValue = "10000",
            converter = Converters.PositiveInt.class,
            description = "Iterations allowed to each method (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the data and the initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1", converter = Converters.PositiveInt.class,
            description = "Cells (data set x model) run in parallel, each on one thread (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--baseline-cache", paramLabel = "FILE",
            description = "CSV of earlier baseline runs (data set, model, points, seed, iterations, loss, CPU s, wall "
                    + "s): a baseline with the same data set, model, points, seed and --baseline-iterations is read "
                    + "from it instead of being rerun (its loss is the target, its times are the reference); the "
                    + "baselines that were run are added to it. The file is created if missing.")
    Path baselineCache;

    @Option(names = "--table", paramLabel = "FILE",
            description = "Where to write the Markdown table (default: <out>/second-order-table.md).")
    Path table;

    /** The time and iterations one method needed, or where it stopped. */
    record Run(String method, long iterations, boolean reached, double finalLoss, double cpuSeconds,
               double wallSeconds, String stopped) {
    }

    /** One data set × model: the baseline and every method. */
    record Cell(DatasetGenerator dataset, Experiment.Model model, int parameters, double target, Run baseline,
                List<Run> runs) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        for (Experiment.Model m : models) {
            if (m != Experiment.Model.RESNET && m != Experiment.Model.ODENET) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--models " + m.label
                        + " is not allowed; expected ResNet or ODENet (the full-batch methods refuse the simplex "
                        + "policy; Net and Hamiltonian are not suite-B models)");
            }
        }
        for (String name : methods) {
            if (!(Optimizers.registry().get(name).create(null, 0.9, 0.0) instanceof FullBatchOptimizer)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--methods " + name + " is not "
                        + "allowed; expected full-batch second-order or quasi-Newton optimizers (lbfgs, cg, cg-fr, "
                        + "cg-hs, gauss-newton, levenberg-marquardt, newton-cg, newton-cg-tr)");
            }
        }
        Path file = table != null ? table : output.out.resolve("second-order-table.md");
        RunChecks.requireWritableParent(spec.commandLine(), "--table", file);
        RunChecks.requireWritableParent(spec.commandLine(), "--baseline-cache", baselineCache);
        cache = readCache(baselineCache);
        List<DatasetGenerator> sets = datasets != null ? datasets : DatasetGenerator.all();
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<Future<Cell>> futures = new ArrayList<>();
        try {
            for (DatasetGenerator dataset : sets) {
                for (Experiment.Model model : models) {
                    futures.add(pool.submit(() -> cell(dataset, model, out)));
                }
            }
            List<Cell> cells = new ArrayList<>();
            for (Future<Cell> f : futures) {
                cells.add(f.get());
            }
            if (baselineCache != null) {
                writeCache(baselineCache);
            }
            String markdown = markdown(cells);
            AtomicFiles.write(file, o -> o.write(markdown.getBytes(StandardCharsets.UTF_8)));
            out.println();
            out.print(markdown);
            out.println("wrote " + file);
            out.flush();
        } finally {
            pool.shutdownNow();
        }
        return 0;
    }

    /** Baselines by "data set,model,points,seed,iterations", read from and written back to --baseline-cache. */
    private java.util.Map<String, Run> cache = new java.util.LinkedHashMap<>();

    private static final String CACHE_HEADER = "dataset,model,points,seed,iterations,loss,cpu_s,wall_s";
    private static final String CACHED = "armijo (baseline, cached)";

    private java.util.Map<String, Run> readCache(Path file) throws java.io.IOException {
        java.util.Map<String, Run> map = new java.util.LinkedHashMap<>();
        if (file == null || !Files.exists(file)) {
            return map;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--baseline-cache " + file
                    + " is not UTF-8 text, so not a cache of '" + CACHE_HEADER + "' lines");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.equals(CACHE_HEADER))) {
                continue;
            }
            String[] f = line.split(",");
            try {
                if (f.length != 8) {
                    throw new NumberFormatException("8 comma-separated fields expected");
                }
                String key = String.join(",", f[0], f[1], f[2], f[3], f[4]);
                map.put(key, new Run(CACHED, Long.parseLong(f[4]), true, Double.parseDouble(f[5]),
                        Double.parseDouble(f[6]), Double.parseDouble(f[7]), null));
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--baseline-cache " + file
                        + ": line " + (i + 1) + " is not '" + CACHE_HEADER + "' (" + e.getMessage() + ")");
            }
        }
        return map;
    }

    private void writeCache(Path file) throws java.io.IOException {
        StringBuilder b = new StringBuilder(CACHE_HEADER).append('\n');
        for (java.util.Map.Entry<String, Run> e : cache.entrySet()) {
            Run r = e.getValue();
            // Double.toString round-trips: a cached target is the same double as the one that was run
            b.append(e.getKey()).append(',').append(r.finalLoss()).append(',').append(r.cpuSeconds()).append(',')
                    .append(r.wallSeconds()).append('\n');
        }
        String text = b.toString();
        AtomicFiles.write(file, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private OdeNet net(DatasetGenerator dataset, Experiment.Model model) {
        Experiment.Suite b = Experiment.Suite.b();
        return model.configure(OdeNet.builder().inputDimension(dataset.dimension())
                .width(Math.max(b.width(), dataset.dimension())).layers(b.layers()).tableau(Tableau.rk4())
                .horizon(b.horizon()).field(VectorFieldSpec.of("sigma-affine")).head("logistic-ls").threads(1)
                .seed(seed)).build();
    }

    private Cell cell(DatasetGenerator dataset, Experiment.Model model, PrintWriter log) {
        Dataset data = dataset.generate(points, seed);
        double[] x = data.features();
        int[] labels = data.labels();
        int m = data.size();
        try (OdeNet net = net(dataset, model)) {
            double[] start = net.parameters().clone();
            String key = String.join(",", dataset.label(), model.label, Integer.toString(points), Long.toString(seed),
                    Integer.toString(baselineIterations));
            Run baseline;
            synchronized (cache) {
                baseline = cache.get(key);
            }
            if (baseline == null) {
                baseline = run("armijo (baseline)", Experiment.Suite.b().optimizer().get(),
                        net.objective(x, labels, m), start, baselineIterations, Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY);
                synchronized (cache) {
                    cache.put(key, baseline);
                }
            }
            double target = baseline.finalLoss();
            progress(log, dataset, model, baseline, target);
            List<Run> runs = new ArrayList<>();
            for (String name : methods) {
                Optimizer optimizer = Optimizers.registry().get(name).create(null, 0.9, 0.0);
                Run r = run(name, optimizer, net.leastSquares(x, labels, m), start, maxIterations, target,
                        baseline.cpuSeconds());
                progress(log, dataset, model, r, target);
                runs.add(r);
            }
            return new Cell(dataset, model, start.length, target, baseline, runs);
        }
    }

    private static void progress(PrintWriter log, DatasetGenerator dataset, Experiment.Model model, Run r,
                                 double target) {
        synchronized (log) {
            log.printf(Locale.ROOT, "%s %s %s: %s%n", dataset.label(), model.label, r.method(), describe(r, target));
            log.flush();
        }
    }

    private static String describe(Run r, double target) {
        return String.format(Locale.ROOT, "%d iterations, loss %.5g (target %.5g), %.3g s CPU, %.3g s wall%s",
                r.iterations(), r.finalLoss(), target, r.cpuSeconds(), r.wallSeconds(),
                r.stopped() == null ? "" : " (" + r.stopped() + ")");
    }

    /**
     * Steps the optimizer from {@code start} until {@code J(u_k) ≤ target} (known from the value the next step
     * returns, which is J at its start point), {@code maxIterations} steps, a stop reason, or more CPU time than
     * {@code cpuCap}. The reported time is that up to the end of step k.
     */
    private static Run run(String name, Optimizer optimizer, Objective objective, double[] start, int maxIterations,
                           double target, double cpuCap) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] u = start.clone();
        OptimizerState state = optimizer.newState(u.length);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long cpuAtK = cpu0;
        long wallAtK = wall0;
        for (long k = 0; ; k++) {
            boolean last = k == maxIterations;
            double value = last ? objective.value(u) : optimizer.step(objective, u, state);
            if (value <= target || last) {
                return new Run(name, k, value <= target, value, (cpuAtK - cpu0) * 1e-9, (wallAtK - wall0) * 1e-9,
                        last && !(value <= target) ? "iteration cap" : null);
            }
            if (state.stopReason() != null) {
                return new Run(name, k, false, value, (cpuAtK - cpu0) * 1e-9, (wallAtK - wall0) * 1e-9,
                        state.stopReason());
            }
            cpuAtK = threads.getCurrentThreadCpuTime();
            wallAtK = System.nanoTime();
            if ((cpuAtK - cpu0) * 1e-9 > cpuCap) {
                return new Run(name, k + 1, false, objective.value(u), (cpuAtK - cpu0) * 1e-9,
                        (wallAtK - wall0) * 1e-9, "CPU time above the baseline's");
            }
        }
    }

    private String markdown(List<Cell> cells) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Suite B: N = 15, h = 0.1 (T = 1.5), RK4, sigma-affine tanh, d = 2, "
                + "logistic least squares, %d training points, seed %d; target = training loss of GD + Armijo "
                + "(tau0 = 1, rho = 0.5, c = 0.4) after %d iterations; at most %d iterations per method, and no more CPU "
                + "time than the baseline. One thread per run.%n%n", points, seed, baselineIterations, maxIterations));
        s.append("| data set | model | n | method | iterations to target | loss | CPU s | wall s | CPU vs baseline |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Cell c : cells) {
            List<Run> all = new ArrayList<>();
            all.add(c.baseline());
            all.addAll(c.runs());
            for (Run r : all) {
                boolean isBaseline = r == c.baseline();
                String iterations = isBaseline || r.reached() ? Long.toString(r.iterations())
                        : "not reached (" + r.iterations() + ": " + r.stopped().replace("|", "\\|") + ")";
                String ratio = isBaseline ? "1" : r.reached() && r.cpuSeconds() > 0
                        ? String.format(Locale.ROOT, "%.3gx less", c.baseline().cpuSeconds() / r.cpuSeconds()) : "-";
                s.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %.5g | %.3g | %.3g | %s |%n",
                        c.dataset().label(), c.model().label, c.parameters(), r.method(), iterations, r.finalLoss(),
                        r.cpuSeconds(), r.wallSeconds(), ratio));
            }
        }
        return s.toString();
    }
}
