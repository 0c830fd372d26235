package io.github.pontryagin.examples;

import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.pontryagin.core.optim.GradientClipping;
import io.github.pontryagin.core.optim.LearningRateSchedule;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.optim.Retraction;
import io.github.pontryagin.core.optim.WeightAverage;
import io.github.pontryagin.odenets.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The optimizer and trainer options shared by {@code demo} and {@code train} (a picocli mixin). */
public final class TrainingOptions {

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam", converter = Converters.OptimizerName.class,
            completionCandidates = Choices.OptimizerNames.class,
            description = "Optimizer: ${COMPLETION-CANDIDATES}; armijo uses rho 0.5, c 0.4, lipschitz is the paper's "
                    + "tau = 1/L rule (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = {"--learning-rate", "--lr"}, paramLabel = "TAU", converter = Converters.PositiveDouble.class,
            description = "Learning rate / step; L_0 for lipschitz, tau_0 for armijo (default: the optimizer's, "
                    + "listed under Choices).")
    Double learningRate;

    @Option(names = "--momentum", paramLabel = "MU", defaultValue = "0.9", converter = Converters.UnitInterval.class,
            description = "Momentum of heavy-ball, nesterov and relativistic (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA", defaultValue = "0.01",
            converter = Converters.NonNegativeDouble.class,
            description = "Decoupled weight decay of adamw (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip", paramLabel = "NORM", converter = Converters.PositiveDouble.class,
            description = "Clip the gradient to this Euclidean norm (default: no clipping).")
    Double clip;

    @Option(names = "--iterations", paramLabel = "K", defaultValue = "1000", converter = Converters.PositiveInt.class,
            description = "Number of optimizer steps (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--epochs", paramLabel = "E", converter = Converters.PositiveInt.class,
            description = "Train for E passes over the training set instead of --iterations "
                    + "(E x floor(M / batch) steps).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "0", converter = Converters.NonNegativeInt.class,
            description = "Mini-batch size; 0 = full batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--evaluate-every", paramLabel = "K", converter = Converters.PositiveInt.class,
            description = "Record train/test accuracy every K iterations (default: iterations / 100).")
    Integer evaluateEvery;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Write a training checkpoint (net, optimizer state, history) to FILE every "
                    + "--checkpoint-every iterations, atomically.")
    java.nio.file.Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "K", defaultValue = "100",
            converter = Converters.PositiveInt.class,
            description = "Checkpoint interval (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--schedule", paramLabel = "NAME", converter = Converters.ScheduleName.class,
            completionCandidates = Choices.Schedules.class,
            description = "Learning-rate schedule: ${COMPLETION-CANDIDATES} (default: constant).")
    String schedule;

    @Option(names = "--schedule-period", paramLabel = "STEPS",
            description = "Period of the schedule in steps, >= 1 (default: iterations / 10).")
    Long schedulePeriod;

    @Option(names = "--orthogonal", paramLabel = "BLOCKS", split = ",",
            description = "Keep these parameter blocks on the Stiefel manifold (Q^T Q = I): field block names such as "
                    + "K (in every layer), or lift (orthonormal columns of L when it widens, rows when it narrows).")
    List<String> orthogonal;

    @Option(names = "--retraction", paramLabel = "NAME", defaultValue = "cayley",
            description = "Retraction for --orthogonal: cayley or qr (default: ${DEFAULT-VALUE}).")
    String retraction;

    @Option(names = "--average", paramLabel = "KIND",
            description = "End on the average of the iterates: swa or swag (default: the last iterate); swag also "
                    + "writes <out>/swag.json for 'predict --swag'.")
    String average;

    @Option(names = "--average-start", paramLabel = "K",
            description = "First iteration collected by --average (default: half of the iterations).")
    Long averageStart;

    @Option(names = "--average-every", paramLabel = "K",
            description = "Collect every K iterations (default: the schedule period, else 1).")
    Long averageEvery;

    @Option(names = "--swag-rank", paramLabel = "K", defaultValue = "10",
            description = "Number of deviation columns of SWAG's low-rank covariance, >= 1 (default: ${DEFAULT-VALUE}).")
    int swagRank;

    @Option(names = "--keep-best", description = "End with the parameters of the evaluation with the best test "
            + "(or validation, see --validation-split) accuracy, or without held-out data the lowest training loss seen, "
            + "instead of the last ones.")
    boolean keepBest;

    /** The hyper-parameters of the second-order and quasi-Newton optimizers beyond --lr. */
    @Mixin
    SecondOrderOptions secondOrder;

    /**
     * Rejects (exit code 2) second-order options that the chosen optimizer does not read and inconsistent Wolfe
     * constants; call before {@link #optimizer()}.
     */
    void validate(CommandLine cl) {
        secondOrder.validate(cl, Optimizers.registry().get(optimizer).name());
    }

    /** The optimizer with its hyper-parameters. */
    public Optimizer optimizer() {
        String name = Optimizers.registry().get(optimizer).name();
        Optimizer secondOrderMethod = secondOrder == null ? null : secondOrder.optimizer(name, learningRate != null
                ? learningRate : Optimizers.registry().get(name).defaultLearningRate());
        Optimizer o = secondOrderMethod != null ? secondOrderMethod
                : optimizer(optimizer, learningRate, momentum, weightDecay);
        return clip == null ? o : o.withGradientClipping(GradientClipping.byGlobalNorm(clip));
    }

    /** The optimizer registered as {@code name}, with the learning rate (null: its default), momentum and decay. */
    static Optimizer optimizer(String name, Double learningRate, double momentum, double weightDecay) {
        return Optimizers.registry().get(name).create(learningRate, momentum, weightDecay);
    }

    /**
     * A trainer builder with these settings for a net of {@code parameterCount} parameters (listeners are added by
     * the caller); {@code parameterCount} is only used by {@code --average}.
     */
    public Trainer.Builder trainer(long seed, int parameterCount) {
        Trainer.Builder b = trainer(seed);
        long period = schedulePeriod != null ? schedulePeriod : Math.max(1, iterations / 10);
        if (schedule != null) {
            b.schedule(LearningRateSchedule.registry().get(schedule).apply(period));
        }
        if (orthogonal != null && !orthogonal.isEmpty()) {
            b.orthogonal(Retraction.named(retraction), orthogonal);
        }
        if (average != null) {
            WeightAverage w = switch (average) {
                case "swa" -> WeightAverage.swa(parameterCount);
                case "swag" -> WeightAverage.swag(parameterCount, swagRank);
                default -> throw new IllegalArgumentException("--average must be swa or swag, got '" + average + "'");
            };
            collected = w;
            long every = averageEvery != null ? averageEvery : schedule != null ? period : 1;
            b.average(w, averageStart != null ? averageStart : Math.max(1, iterations / 2), every);
        }
        return b;
    }

    /** The weight average the last {@link #trainer(long, int)} collects into, null without {@code --average}. */
    WeightAverage collected;

    /** The registered optimizers that read {@code --momentum} and {@code --weight-decay}. */
    private static final Set<String> USE_MOMENTUM = Set.of("heavy-ball", "nesterov", "relativistic", "mec");
    private static final Set<String> USE_WEIGHT_DECAY = Set.of("adamw");

    /**
     * The settings that change the trained model, as recorded in checkpoints and compared on resume:
     * the optimizer, its learning rate (the default spelled out), the hyper-parameters it reads and clipping.
     */
    Map<String, String> resultSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        String name = Optimizers.registry().get(optimizer).name();
        s.put("optimizer", name);
        s.put("learningRate", Double.toString(learningRate != null ? learningRate
                : Optimizers.registry().get(optimizer).defaultLearningRate()));
        if (USE_MOMENTUM.contains(name)) {
            s.put("momentum", Double.toString(momentum));
        }
        if (USE_WEIGHT_DECAY.contains(name)) {
            s.put("weightDecay", Double.toString(weightDecay));
        }
        s.put("clip", clip == null ? "none" : Double.toString(clip));
        if (secondOrder != null) {
            s.putAll(secondOrder.settings());
        }
        return s;
    }

    /** A trainer builder with the optimizer and loop settings only (no schedule, constraint or averaging). */
    public Trainer.Builder trainer(long seed) {
        Trainer.Builder b = Trainer.builder()
                .optimizer(optimizer())
                .iterations(iterations)
                .batchSize(batchSize)
                .seed(seed)
                .evaluateEvery(evaluateEvery != null ? evaluateEvery : Math.max(1, iterations / 100))
                .keepBest(keepBest);
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (checkpoint != null) {
            b.checkpoint(checkpoint, checkpointEvery);
        }
        resultSettings().forEach(b::setting);
        return b;
    }
}
