package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.github.pontryagin.adjoint.GradientCheck;
import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.TrainTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pontryagin gradcheck}: the discrete-adjoint gradient of the training loss against central finite
 * differences ({@link GradientCheck}), per parameter block, at the initial parameters of a configuration.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares the adjoint gradient of the training loss with central finite differences, block by "
                + "block (K, beta, ... over all layers; h; head W and mu; lift), and prints a table.",
                "The error of a block is max |adjoint - fd| / max |adjoint| over the block (docs/theory.md section 2); a block "
                        + "whose gradient vanishes (below TOL x the largest entry of all blocks) is judged by its "
                        + "absolute error over that largest entry. Exit code 1 when an error exceeds --tolerance."})
final class GradcheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--fd-step", paramLabel = "EPS", defaultValue = "1e-5", converter = Converters.PositiveDouble.class,
            description = "Relative finite-difference step: eps_i = EPS * max(1, |u_i|) (default: ${DEFAULT-VALUE}).")
    double step;

    @Option(names = "--tolerance", paramLabel = "TOL", defaultValue = "1e-6", converter = Converters.PositiveDouble.class,
            description = "Largest accepted relative error (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        model.requireConsistentData(spec.commandLine());
        TrainTest data = model.checkedData(spec.commandLine(), null, 0);
        try (OdeNet net = model.build(data)) {
            double[] x = data.train().features();
            int[] labels = data.train().labels();
            int m = data.train().size();
            double[] u = net.parameters().clone();
            double[] gradient = new double[u.length];
            double loss = net.lossAndGradient(u, x, labels, m, gradient);
            GradientCheck.Report report = GradientCheck.check(v -> net.loss(v, x, labels, m), u, gradient,
                    blocks(net), step);
            out.printf(Locale.ROOT, "%s, field %s, activation %s, %s on %s (%d points): %d parameters, loss %.10g%n",
                    ModelOptions.describe(net), net.field().family(), net.field().activation().id(), net.head().id(),
                    model.dataName(), m, u.length, loss);
            out.print(report.toTable());
            // A block whose gradient vanishes (e.g. by symmetry at the initial point) has no scale of its own:
            // it is judged by its absolute error against the largest gradient entry of all blocks.
            double scale = report.blocks().stream().mapToDouble(GradientCheck.BlockReport::largestEntry).max()
                    .orElse(0);
            double worst = 0;
            List<String> vanishing = new ArrayList<>();
            for (GradientCheck.BlockReport b : report.blocks()) {
                double error = b.relativeError();
                if (b.largestEntry() < tolerance * scale) {
                    error = b.absoluteError() / scale;
                    vanishing.add(b.name());
                }
                worst = Math.max(worst, error);
            }
            if (!vanishing.isEmpty()) {
                out.printf(Locale.ROOT, "blocks with a vanishing gradient (judged by absolute error / %.3e): %s%n",
                        scale, String.join(", ", vanishing));
            }
            boolean pass = worst <= tolerance;
            out.printf(Locale.ROOT, "largest relative error %.3e: %s (tolerance %.1e)%n", worst,
                    pass ? "PASS" : "FAIL", tolerance);
            out.flush();
            if (!pass) {
                throw new Pontryagin.CommandFailure(String.format(Locale.ROOT,
                        "gradient check failed: largest relative error %.3e exceeds --tolerance %.1e", worst,
                        tolerance));
            }
        }
        return 0;
    }

    /** One block per field parameter block (all layers together), then h, head W, head mu and lift. */
    static List<GradientCheck.Block> blocks(OdeNet net) {
        return net.layout().gradientCheckBlocks();
    }
}
