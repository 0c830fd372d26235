package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.TrainTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pontryagin gradient}: one JSON file with a configuration, its data, the loss and the exact gradient. */
@Command(name = "gradient", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes ONE JSON file with the tableau (a, b, c), field family, activation, every layer's K, "
                + "beta and h, the head W and mu, the training points and labels, the loss value and the full "
                + "gradient (discrete adjoint) in the same structure, so that the gradient can be checked with "
                + "another tool. The format is described in examples/README.md."})
final class GradientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--output-file", paramLabel = "FILE", defaultValue = "out/gradient.json",
            description = "The JSON file to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--output", hidden = true, paramLabel = "FILE", description = CliRules.DEPRECATED + "--output-file")
    Path deprecatedOutput;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RunChecks.requireDistinct(spec.commandLine(), model.inputFiles(), Map.of("--output-file", output));
        RunChecks.requireWritableParent(spec.commandLine(), "--output-file", output);
        model.requireConsistentData(spec.commandLine());
        TrainTest data = model.checkedData(spec.commandLine(), null, 0);
        try (OdeNet net = model.build(data)) {
            Dataset train = data.train();
            double[] gradient = new double[net.parameters().length];
            double loss = net.lossAndGradient(net.parameters(), train.features(), train.labels(), train.size(),
                    gradient);
            GradientExport.write(GradientExport.toJson(net, train, loss, gradient), output);
            double norm = 0;
            for (double g : gradient) {
                norm += g * g;
            }
            out.printf(Locale.ROOT, "%s on %s (%d points): loss %.12g, |gradient| %.6g, %d parameters%nwrote %s%n",
                    ModelOptions.describe(net), model.dataName(), train.size(), loss, Math.sqrt(norm),
                    gradient.length, output);
            out.flush();
        }
        return 0;
    }
}
