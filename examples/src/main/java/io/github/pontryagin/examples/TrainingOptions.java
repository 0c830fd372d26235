package io.github.pontryagin.examples;

import java.util.List;
import java.util.Locale;

import io.github.pontryagin.core.optim.GradientClipping;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.odenets.train.Trainer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The optimizer and trainer options shared by {@code demo} and {@code train} (a picocli mixin). */
public final class TrainingOptions {

    /** Optimizer names accepted by {@code --optimizer}. */
    static final List<String> OPTIMIZERS = List.of("adam", "adamw", "gd", "armijo", "lipschitz", "heavy-ball",
            "nesterov", "relativistic", "rmsprop", "adagrad", "adadelta", "ssa1", "ssa2");

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam", converter = OptimizerName.class,
            description = "adam, adamw, gd, armijo (rho 0.5, c 0.4), lipschitz (the paper's tau = 1/L rule), "
                    + "heavy-ball, nesterov, relativistic, rmsprop, adagrad, adadelta, ssa1, ssa2 "
                    + "(default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = {"--learning-rate", "--lr"}, paramLabel = "TAU", converter = Converters.PositiveDouble.class,
            description = "Learning rate / step (default: 0.02 for adam and adamw, 0.01 for rmsprop, 0.5 for adagrad, "
                    + "1 for adadelta, armijo's tau_0 and ssa, 0.1 for the others; L_0 for lipschitz).")
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

    /** Checks the optimizer name at parse time. */
    static final class OptimizerName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String key = value.trim().toLowerCase(Locale.ROOT);
            if (!OPTIMIZERS.contains(key)) {
                throw new TypeConversionException("unknown optimizer '" + value + "'; expected one of " + OPTIMIZERS);
            }
            return key;
        }
    }

    /** The optimizer with its hyper-parameters. */
    public Optimizer optimizer() {
        Optimizer o = optimizer(optimizer, learningRate, momentum, weightDecay);
        return clip == null ? o : o.withGradientClipping(GradientClipping.byGlobalNorm(clip));
    }

    static Optimizer optimizer(String name, Double learningRate, double momentum, double weightDecay) {
        double tau = learningRate != null ? learningRate : switch (name) {
            case "adam", "adamw" -> 0.02;
            case "rmsprop" -> 0.01;
            case "adagrad" -> 0.5;
            case "adadelta", "armijo", "ssa1", "ssa2" -> 1.0;
            default -> 0.1;
        };
        return switch (name) {
            case "adam" -> Optimizers.adam(tau);
            case "adamw" -> Optimizers.adamW(tau, 0.9, 0.999, 1e-8, weightDecay);
            case "gd" -> Optimizers.gradientDescent(tau);
            case "armijo" -> Optimizers.armijo(tau, 0.5, 0.4);
            case "lipschitz" -> Optimizers.lipschitzBacktracking(tau);
            case "heavy-ball" -> Optimizers.heavyBall(tau, momentum);
            case "nesterov" -> Optimizers.nesterov(tau, momentum);
            case "relativistic" -> Optimizers.relativistic(tau, Math.max(momentum, 1e-3), 1.0, 1.0);
            case "rmsprop" -> Optimizers.rmsProp(tau, 0.9, 1e-8);
            case "adagrad" -> Optimizers.adagrad(tau, 1e-8);
            case "adadelta" -> Optimizers.adadelta(tau, 0.95, 1e-6);
            case "ssa1" -> Optimizers.ssa1(Math.min(tau, 1.0), 1.0);
            case "ssa2" -> Optimizers.ssa2(Math.min(tau, 1.0), 1.0, 1.0, 1.0);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of "
                    + OPTIMIZERS);
        };
    }

    /** A trainer builder with these settings (listeners are added by the caller). */
    public Trainer.Builder trainer(long seed) {
        Trainer.Builder b = Trainer.builder()
                .optimizer(optimizer())
                .iterations(iterations)
                .batchSize(batchSize)
                .seed(seed)
                .evaluateEvery(evaluateEvery != null ? evaluateEvery : Math.max(1, iterations / 100));
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (checkpoint != null) {
            b.checkpoint(checkpoint, checkpointEvery);
        }
        return b;
    }
}
