package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import io.github.pontryagin.core.optim.FullBatchOptimizer;
import io.github.pontryagin.core.optim.LearningRateSchedule;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.odenets.Evaluation;
import io.github.pontryagin.odenets.Initialization;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.DataFiles;
import io.github.pontryagin.odenets.data.DataShape;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.TrainTest;
import io.github.pontryagin.odenets.io.AtomicFiles;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.train.Trainer;
import io.github.pontryagin.odenets.train.TrainingListener;
import io.github.pontryagin.odenets.train.TrainingProgress;
import io.github.pontryagin.odenets.train.TrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pontryagin mnist}: an ODE-net on MNIST (LeCun et al. 1998). A learnable lift 784 → d, N explicit
 * Runge–Kutta layers of width d, a softmax head over 10 classes; mini-batch training, validation on a held-out
 * part of the training set after every epoch, keep-best, then the test set.
 */
@Command(name = "mnist", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains an ODE-net on MNIST: learnable lift 784 -> d, N explicit RK layers, softmax head.",
                "Reads the four IDX files from --mnist-dir (data/fetch-mnist.sh puts them into data/mnist).",
                "Files in --out: mnist-model.json, mnist-history.csv (one line per epoch), mnist-run.json (the run's "
                        + "record).",
                "Exit codes: 0 done, 1 a run or data error, 2 bad usage, 3 training diverged."})
final class MnistCommand implements Callable<Integer> {

    static final String MODEL_JSON = "mnist-model.json";
    static final String HISTORY_CSV = "mnist-history.csv";
    /** The run record beside the model file (see {@link RunRecord}). */
    static final String RUN_JSON = "mnist-run.json";
    /** The pixels of an MNIST (or Fashion-MNIST) image: the input of the warm-up net, before the files are read. */
    private static final int MNIST_PIXELS = 28 * 28;
    /** MNIST's images: the training and the test set (for the memory estimate before the files are read). */
    private static final int MNIST_TRAIN_IMAGES = 60_000;
    private static final int MNIST_TEST_IMAGES = 10_000;
    /** The classes of the head: the digits 0..9. */
    private static final int CLASSES = 10;
    /**
     * Length of the warm-up optimizer's schedule (the cosine default scales every step after the first, so the
     * scheduled pass is compiled too; a step schedule stays at 1 within it, as the real run does at first).
     */
    private static final long WARM_UP_SCHEDULE_STEPS = 1000;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--mnist-dir", paramLabel = "DIR", defaultValue = "data/mnist",
            description = "Directory with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
                    + "t10k-labels-idx1-ubyte (each may be .gz) (default: ${DEFAULT-VALUE}).")
    Path directory;

    @Option(names = "--width", paramLabel = "D", defaultValue = "128", converter = Converters.PositiveInt.class,
            description = "State dimension d (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "2", converter = Converters.PositiveInt.class,
            description = "Number of layers N (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--tableau", paramLabel = "NAME", defaultValue = "rk4", converter = Converters.TableauName.class,
            completionCandidates = Choices.Tableaux.class,
            description = "Butcher tableau of every layer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Tableau tableau;

    @Option(names = "--step-sizes", paramLabel = "POLICY", defaultValue = "free", converter = Converters.StepSizes.class,
            description = "Step sizes h_n: fixed, free or simplex (default: ${DEFAULT-VALUE}).")
    StepSizePolicy steps;

    @Option(names = "--steps", hidden = true, paramLabel = "POLICY", converter = Converters.StepSizes.class,
            description = CliRules.DEPRECATED + "--step-sizes")
    StepSizePolicy deprecatedSteps;

    @Option(names = "--horizon", paramLabel = "T", defaultValue = "1", converter = Converters.PositiveDouble.class,
            description = "Initial sum of the step sizes (default: ${DEFAULT-VALUE}).")
    double horizon;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adamw", converter = Converters.OptimizerName.class,
            completionCandidates = Choices.OptimizerNames.class,
            description = "Optimizer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, decoupled weight decay "
                    + "0.01).")
    String optimizer;

    @Option(names = {"--learning-rate", "--lr"}, paramLabel = "TAU", defaultValue = "0.003",
            converter = Converters.PositiveDouble.class, description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "cosine", converter = Converters.ScheduleName.class,
            completionCandidates = Choices.Schedules.class,
            description = "Learning-rate schedule over the whole run (one period = all steps): "
                    + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--chunk-size", paramLabel = "C", converter = Converters.PositiveInt.class,
            description = "Points per chunk of a mini-batch, the unit of work of a thread (default: half the batch, "
                    + "so that two threads share every step; the results depend on it, not on --threads).")
    Integer chunkSize;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "100", converter = Converters.PositiveInt.class,
            description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "8", converter = Converters.PositiveInt.class,
            description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--validation-split", paramLabel = "F", defaultValue = "0.1", converter = Converters.UnitInterval.class,
            description = "Fraction of the training images held out for validation and keep-best (default: "
                    + "${DEFAULT-VALUE}).")
    double validationSplit;

    @Option(names = "--train-accuracy-points", paramLabel = "K", defaultValue = "10000",
            converter = Converters.NonNegativeInt.class,
            description = "The training accuracy after each epoch is that of the first K training images, 0 for all "
                    + "(default: ${DEFAULT-VALUE}); the final one is always over all of them.")
    int trainAccuracyPoints;

    @Option(names = "--train-limit", paramLabel = "M", converter = Converters.PositiveInt.class,
            description = "Use only the first M training images (quick runs).")
    Integer trainLimit;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the initialisation, the validation split and the batch order (default: "
                    + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2", converter = Converters.PositiveInt.class,
            description = "Worker threads; results do not depend on it (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--dense-lift", description = "Lift with the dense products even where the inputs are mostly "
            + "zeros (by default such chunks skip their zero pixels: the same forward pass, the lift's gradient summed "
            + "in another order).")
    boolean denseLift;

    @Option(names = "--jit-warm-up", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "While the data are read and indexed, train a narrower net of the same configuration on a "
                    + "synthetic batch on another thread, until the first step, so that the JIT has compiled the "
                    + "kernels by then (results are the same either way; default: on; --no-jit-warm-up turns it off).")
    boolean jitWarmUp;

    @Option(names = "--overwrite", description = "Replace the results of an earlier run in --out (" + MODEL_JSON + ", "
            + RUN_JSON + ", " + HISTORY_CSV + ").")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        java.time.Instant start = java.time.Instant.now();
        long startNanos = System.nanoTime();
        CommandLine cl = spec.commandLine();
        // what can be refused before the data are read and the net trained is refused now (exit code 2)
        RunChecks.requireWritableDirectory(cl, "--out", output.out);
        if (!overwrite) {
            RunChecks.requireNoEarlierResults(cl, output.out, List.of(MODEL_JSON, RUN_JSON, HISTORY_CSV));
        }
        if (TrainingOptions.optimizer(optimizer, learningRate, 0.9, 0.01) instanceof FullBatchOptimizer) {
            throw new ParameterException(cl, "--optimizer " + optimizer + " needs the full batch of every step, and "
                    + "mnist trains on mini-batches; choose one that steps on mini-batches, such as adamw or adam");
        }
        int images = trainLimit != null ? Math.min(trainLimit, MNIST_TRAIN_IMAGES) : MNIST_TRAIN_IMAGES;
        RunChecks.requireMemory(cl, "--width " + width + ", --layers " + layers, netBuilder(MNIST_PIXELS, threads,
                width), MNIST_PIXELS, images + MNIST_TEST_IMAGES, batchSize);
        if (!Files.isDirectory(directory)) {
            throw new ParameterException(cl, "--mnist-dir " + directory + ": no such directory"
                    + (directory.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")")
                    + "; data/fetch-mnist.sh puts the four IDX files into data/mnist of the project");
        }
        // the JIT compiles the net's hot paths on the idle core while this one reads and indexes the data, until the
        // first step (same results)
        JitWarmUp warmUp = jitWarmUp ? JitWarmUp.start(
                () -> netBuilder(MNIST_PIXELS, 1, JitWarmUp.width(width)).build(),
                () -> TrainingOptions.optimizer(optimizer, learningRate, 0.9, 0.01)
                        .withSchedule(LearningRateSchedule.registry().get(schedule).apply(WARM_UP_SCHEDULE_STEPS)),
                Math.min(batchSize, 2 * chunkSize()), 0.8) : null;
        try (warmUp) {
            return train(out, start, startNanos, warmUp);
        }
    }

    private Integer train(PrintWriter out, java.time.Instant start, long startNanos, JitWarmUp warmUp)
            throws Exception {
        TrainTest mnist = DataFiles.mnist(directory);
        // a label outside the head's classes is refused now, naming its file, not after the training
        List<Path> files = DataFiles.mnistFiles(directory);
        DataShape digits = new DataShape(0, CLASSES);
        digits.check(mnist.train(), files.get(1).toString());
        digits.check(mnist.test(), files.get(3).toString());
        Dataset all = mnist.train();
        if (trainLimit != null && trainLimit < all.size()) {
            all = all.subset(IntStream.range(0, trainLimit).toArray());
        }
        TrainTest split = all.split(1 - validationSplit, seed);
        if (split.train().size() == 0) {
            throw new ParameterException(spec.commandLine(), "--validation-split " + validationSplit + " holds out all "
                    + all.size() + " training images" + (trainLimit != null ? " of --train-limit " + trainLimit : "")
                    + "; keep at least one for training");
        }
        Dataset validation = split.test().size() == 0 ? null : split.test();
        try (OdeNet net = netBuilder(all.dimension(), threads, width).build()) {
            out.printf(Locale.ROOT, "MNIST: %d training, %d validation, %d test images; lift %d -> %d, N = %d %s "
                            + "layers, %s h, softmax over 10 classes, %d parameters%n", split.train().size(),
                    validation == null ? 0 : validation.size(), mnist.test().size(), all.dimension(), width, layers,
                    tableau.name(), steps.name().toLowerCase(Locale.ROOT), net.parameters().length);
            out.printf(Locale.ROOT, "%s lr %s (%s schedule), batch %d, %d epoch%s, %d thread%s%n", optimizer,
                    learningRate, schedule, batchSize, epochs, epochs == 1 ? "" : "s", threads, threads == 1 ? "" : "s");
            out.flush();
            int batchesPerEpoch = Math.max(1, split.train().size() / batchSize);
            long steps = (long) epochs * batchesPerEpoch;
            Trainer.Builder trainer = Trainer.builder()
                    .optimizer(TrainingOptions.optimizer(optimizer, learningRate, 0.9, 0.01))
                    .schedule(LearningRateSchedule.registry().get(schedule).apply(steps))
                    .epochs(epochs)
                    .batchSize(batchSize)
                    .seed(seed)
                    .evaluateEvery(batchesPerEpoch)
                    .trainAccuracyPoints(trainAccuracyPoints)
                    .keepBest(true);
            TrainingListener shown = progress.listener("mnist", spec.commandLine().getErr(), "validation");
            if (shown != null) {
                trainer.listener(shown);
            }
            out.println("epoch  batch loss  train acc  validation acc  seconds  training seconds  cpu seconds");
            out.flush();
            trainer.listener(new TrainingListener() {
                private long cpuStart;

                @Override
                public void onStart(long firstIteration, long totalIterations) {
                    if (warmUp != null) {
                        warmUp.close();
                    }
                    cpuStart = processCpuNanos();
                }

                @Override
                public void onIteration(TrainingProgress p) {
                    if (p.evaluated()) {
                        out.printf(Locale.ROOT, "%5d  %10.4f  %9.4f  %14.4f  %7.1f  %16.1f  %11.1f%n",
                                p.iteration() / batchesPerEpoch, p.loss(), p.trainAccuracy(), p.testAccuracy(),
                                p.elapsedNanos() * 1e-9, p.trainingSeconds(), (processCpuNanos() - cpuStart) * 1e-9);
                        out.flush();
                    }
                }
            });
            TrainingResult result = trainer.build().train(net, split.train(), validation);
            // a diverged run says so on stderr first (the files below keep the parameters before the bad step)
            CommandSupport.reportDivergence(spec.commandLine().getErr(), spec.commandLine(), result);
            Evaluation test = Evaluation.of(net, mnist.test());
            Files.createDirectories(output.out);
            Path model = output.out.resolve(MODEL_JSON);
            ModelFile.write(net, model);
            Path history = writeHistory(output.out.resolve(HISTORY_CSV), result.history(), batchesPerEpoch);
            out.printf(Locale.ROOT, "test: %s (kept the parameters of %s)%n", test, validation != null
                    ? "the best validation accuracy" : "the lowest training loss: no validation images");
            double stepSeconds = result.history().isEmpty() ? Double.NaN
                    : result.history().get(result.history().size() - 1).trainingSeconds();
            if (Double.isNaN(stepSeconds)) {
                out.printf(Locale.ROOT, "training time %.1f s (stopped before the first epoch ended)%n",
                        result.wallTimeSeconds());
            } else {
                out.printf(Locale.ROOT, "training time %.1f s: optimizer steps %.1f s (%.1f s per epoch), "
                        + "evaluations %.1f s%n", result.wallTimeSeconds(), stepSeconds, stepSeconds / epochs,
                        result.wallTimeSeconds() - stepSeconds);
            }
            StringBuilder h = new StringBuilder();
            for (double v : net.stepSizes()) {
                h.append(h.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v));
            }
            out.println("learned h_n: " + h);
            Path record = writeRunRecord(net, result, start, startNanos);
            CommandSupport.printFiles(out, List.of(model, history, record));
            return result.completed() ? 0 : Pontryagin.EXIT_DIVERGED;
        }
    }

    /**
     * The net of this run, of width {@code width} (the warm-up's may be narrower), for inputs of {@code inputs}
     * coordinates, on {@code workers} threads.
     */
    private OdeNetBuilder netBuilder(int inputs, int workers, int width) {
        return OdeNet.builder()
                .inputDimension(inputs)
                .width(width)
                .layers(layers)
                .tableau(tableau)
                .field(VectorFieldSpec.of("sigma-affine"))
                .stepSizes(steps)
                .horizon(horizon)
                .classes(CLASSES)
                .head("softmax")
                .learnableLift(true)
                .initialization(Initialization.XAVIER)
                .seed(seed)
                .threads(workers)
                .chunkSize(chunkSize())
                .sparseLift(!denseLift);
    }

    private int chunkSize() {
        return chunkSize != null ? chunkSize : Math.max(1, (batchSize + 1) / 2);
    }

    /**
     * CPU time of the whole JVM so far (every thread: the workers, the JIT compilers, the garbage collector), or 0
     * where the platform does not say; the "cpu seconds" column is that since the start of training.
     */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    /** Writes mnist-run.json: the configuration, the four IDX files with their checksums, the environment, times. */
    private Path writeRunRecord(OdeNet net, TrainingResult result, java.time.Instant start, long startNanos)
            throws java.io.IOException {
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("source", "files");
        List<Object> files = new ArrayList<>();
        for (Path file : DataFiles.mnistFiles(directory)) {
            files.add(RunRecord.file(file));
        }
        data.put("files", files);
        data.put("trainLimit", trainLimit);
        data.put("validationSplit", validationSplit);
        data.put("sparseLift", !denseLift);
        return RunRecord.write(output.out, RUN_JSON, spec, net, data, threads, start, startNanos, result);
    }

    private static Path writeHistory(Path path, List<TrainingProgress> history, int batchesPerEpoch)
            throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        lines.add("epoch,iteration,batch_loss,train_accuracy,validation_accuracy,seconds,training_seconds");
        for (TrainingProgress p : history) {
            lines.add(String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%.3f,%.3f", p.iteration() / batchesPerEpoch,
                    p.iteration(), p.loss(), p.trainAccuracy(), p.testAccuracy(), p.elapsedNanos() * 1e-9,
                    p.trainingSeconds()));
        }
        AtomicFiles.write(path, o -> o.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
        return path;
    }
}
