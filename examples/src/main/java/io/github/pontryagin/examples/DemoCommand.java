package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.odenets.data.TrainTest;
import io.github.pontryagin.odenets.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pontryagin demo}: an ODENet (RK4, learned step sizes) on the spiral, with every plot. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Trains an ODENet (RK4 layers, learned step sizes h_n, d = 2) on the spiral with Adam, prints "
                + "train and test accuracy and writes the plots to the output directory.",
                "Fixed settings: %n  spiral, 500 training + 500 test points, N = 20 layers, T = 1, sigma-affine tanh "
                        + "field, paper initialisation, Adam (learning rate 0.02), full batch."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--iterations", paramLabel = "K", defaultValue = "1000", converter = Converters.PositiveInt.class,
            description = "Number of Adam steps (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--points", paramLabel = "M", defaultValue = "500", converter = Converters.PositiveInt.class,
            description = "Training points, and as many test points (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        DatasetGenerator spiral = DatasetGenerator.SPIRAL;
        TrainTest data = new TrainTest(spiral.generate(points, seed), spiral.generate(points, seed + 1));
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(20).tableau(Tableau.rk4())
                .stepSizes(StepSizePolicy.FREE).horizon(1.0).seed(seed).build()) {
            Trainer.Builder trainer = Trainer.builder().optimizer(Optimizers.adam(0.02)).iterations(iterations)
                    .seed(seed).evaluateEvery(Math.max(1, iterations / 100));
            out.printf(Locale.ROOT, "Training %s on spiral (%d + %d points), Adam 0.02, %d iterations%n",
                    ModelOptions.describe(net), points, points, iterations);
            out.flush();
            RunChecks.requireWritableDirectory(spec.commandLine(), "--out", output.out);
            try (RunChecks.Lock lock = RunChecks.lock(spec.commandLine(), "--out", output.out)) {
                List<Path> outputs = new java.util.ArrayList<>(
                        TrainingRun.plotFiles(output.plotFormat()).stream().map(output.out::resolve).toList());
                outputs.add(output.out.resolve(RunChecks.PROBE));
                RunChecks.removeStale(outputs);
                TrainingRun.Outcome outcome = TrainingRun.train(net, data, trainer,
                        progress.listener("demo", spec.commandLine().getErr()));
                PrintWriter err = spec.commandLine().getErr();
                String diverged = CommandSupport.reportDivergence(err, spec.commandLine(), outcome.result());
                List<Path> files = TrainingRun.writePlots(output.out, net, data, outcome, "ODENet RK4 on spiral",
                        err, output.plotFormat());
                CommandSupport.printSummary(out, net, outcome.result());
                CommandSupport.printFiles(out, files);
                out.printf(Locale.ROOT, "wall time %.1f s%n", (System.nanoTime() - start) * 1e-9);
                return diverged == null ? 0 : Pontryagin.EXIT_DIVERGED;
            }
        }
    }
}
