package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import io.github.pontryagin.adjoint.DiscreteAdjoint;
import io.github.pontryagin.adjoint.DiscreteFlow;
import io.github.pontryagin.adjoint.FlowGradient;
import io.github.pontryagin.adjoint.GradientPass;
import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.adjoint.ReversibleAdjoint;
import io.github.pontryagin.adjoint.ReversiblePass;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.field.VectorFieldSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pontryagin reversibility}: how far states recomputed backwards through reversible layers (leapfrog,
 * conformal Störmer–Verlet) drift from the
 * stored ones as the depth grows, how far the reversible gradient is from the stored-trajectory gradient, and the
 * memory each backward pass holds (the measurements of {@code docs/compare-structured.md}).
 */
@Command(name = "reversibility", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Leapfrog (Hamiltonian) or conformal Stormer-Verlet flows of increasing depth N with random "
                + "parameters: the drift "
                + "max_n |y^_n - y_n|_inf / |y_n|_inf of states recomputed backwards, the relative difference of the "
                + "reversible and the stored-trajectory gradient, and the doubles each backward pass keeps between "
                + "forward and backward (stored, sqrt(N) checkpoints, reversible). Prints a Markdown table."})
final class ReversibilityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--depths", paramLabel = "N,...", split = ",", defaultValue = "10,30,100,300,1000",
            converter = Converters.PositiveInt.class,
            description = "Numbers of layers (default: ${DEFAULT-VALUE}).")
    List<Integer> depths;

    @Option(names = "--width", paramLabel = "D", defaultValue = "4", converter = Converters.PositiveInt.class,
            description = "State dimension d, even: y and z have d/2 coordinates (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--points", paramLabel = "M", defaultValue = "100", converter = Converters.PositiveInt.class,
            description = "Batch size M (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--step", paramLabel = "H", defaultValue = "0.1", converter = Converters.PositiveDouble.class,
            description = "Step size h of every layer (default: ${DEFAULT-VALUE}).")
    double step;

    @Option(names = "--field", paramLabel = "FAMILY", defaultValue = "hamiltonian",
            converter = Converters.FieldFamily.class, completionCandidates = Choices.FieldFamilies.class,
            description = "Vector-field family: ${COMPLETION-CANDIDATES}; only separable ones are reversible "
                    + "(default: ${DEFAULT-VALUE}).")
    String field;

    @Option(names = "--layer-update", paramLabel = "NAME", defaultValue = "leapfrog",
            converter = Converters.LayerUpdateName.class,
            description = "A reversible layer update: leapfrog (the Hamiltonian net on (y, z)) or conformal-verlet (the "
                    + "damped second-order ODE on (y, y'), reversible for every field; the state has 2 d "
                    + "coordinates) (default: ${DEFAULT-VALUE}).")
    LayerUpdate update;

    @Option(names = "--damping", paramLabel = "G", defaultValue = "1", converter = Converters.NonNegativeDouble.class,
            description = "The damping gamma of every conformal-verlet layer: the inverse step divides by "
                    + "exp(-gamma h / 2) twice, so round-off grows by exp(gamma h) per layer (default: ${DEFAULT-VALUE}).")
    double damping;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the parameters, N(0, 0.5^2), and the inputs, N(0, 1) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!update.isReversible()) {
            throw new ParameterException(spec.commandLine(), "--layer-update " + update.name()
                    + " cannot be run backwards: give "
                    + "leapfrog or conformal-verlet");
        }
        if (update.layerParameterCount() == 0 && spec.commandLine().getParseResult().hasMatchedOption("--damping")) {
            throw new ParameterException(spec.commandLine(), "--damping is used by --layer-update conformal-verlet"
                    + " only, not by "
                    + update.name());
        }
        VectorField f = VectorFieldSpec.of(field).withActivation(Activation.TANH).create(width);
        out.printf(Locale.ROOT, "%s layers of %s, h = %s,%s M = %d, seed %d%n%n", update.name(), f, step,
                update.layerParameterCount() == 0 ? "" : " gamma = " + damping + ",", points, seed);
        out.println("| N | max_n drift of y_n | drift of y_0 | reversible vs stored gradient | stored doubles "
                + "| sqrt(N) checkpoints | reversible |");
        out.println("|---|---|---|---|---|---|---|");
        for (int layers : depths) {
            DiscreteFlow flow = new DiscreteFlow(update, f, layers);
            SplittableRandom random = new SplittableRandom(seed);
            double[] theta = new double[flow.parameterCount()];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = 0.5 * gaussian(random);
            }
            for (int n = 0; n < layers; n++) {
                for (int i = 0; i < update.layerParameterCount(); i++) {
                    theta[n * flow.parametersPerLayer() + f.parameterCount() + i] = damping;
                }
            }
            double[] h = new double[layers];
            Arrays.fill(h, step);
            double[] y0 = new double[flow.dimension() * points];
            for (int q = 0; q < y0.length; q++) {
                y0[q] = gaussian(random);
            }
            double[] drift = ReversibleAdjoint.drift(flow, theta, h, y0, points);
            double worst = Arrays.stream(drift).max().orElse(0);
            GradientPass stored = DiscreteAdjoint.reverse().newPass(flow, points);
            GradientPass checkpointed = DiscreteAdjoint.reverse().checkpointSqrt().newPass(flow, points);
            // a tolerance that never triggers the fallback: the reversible gradient as it is
            ReversiblePass reversible = ReversibleAdjoint.tolerance(Double.MAX_VALUE).newPass(flow, points);
            double[] a = gradient(stored, theta, h, y0, flow);
            double[] b = gradient(reversible, theta, h, y0, flow);
            checkpointed.forward(theta, h, y0);
            out.printf(Locale.ROOT, "| %d | %.2e | %.2e | %.2e | %d | %d | %d |%n", layers, worst, drift[0],
                    relativeDifference(b, a), stored.storedDoubles(), checkpointed.storedDoubles(),
                    reversible.storedDoubles());
            out.flush();
        }
        return 0;
    }

    /** The gradient (θ, h, y0 concatenated) of the loss ⟨c, y_N⟩ for a seeded random c. */
    private static double[] gradient(GradientPass pass, double[] theta, double[] h, double[] y0, DiscreteFlow flow) {
        double[] yN = pass.forward(theta, h, y0);
        double[] pN = new double[yN.length];
        SplittableRandom random = new SplittableRandom(99);
        for (int q = 0; q < pN.length; q++) {
            pN[q] = gaussian(random);
        }
        FlowGradient g = flow.newGradient(pass.batchSize());
        pass.backward(theta, h, pN, g);
        double[] all = Arrays.copyOf(g.theta, g.theta.length + g.h.length + g.y0.length);
        System.arraycopy(g.h, 0, all, g.theta.length, g.h.length);
        System.arraycopy(g.y0, 0, all, g.theta.length + g.h.length, g.y0.length);
        return all;
    }

    private static double relativeDifference(double[] x, double[] reference) {
        double difference = 0;
        double size = 0;
        for (int i = 0; i < x.length; i++) {
            difference = Math.max(difference, Math.abs(x[i] - reference[i]));
            size = Math.max(size, Math.abs(reference[i]));
        }
        return difference / size;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}
